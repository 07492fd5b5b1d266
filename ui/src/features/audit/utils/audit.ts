import type { AuditEventWhereInput } from '../../../gql/graphql';

/** Action names are dotted, "area.verb" (api_token.created): the filter picks an area. */
export const AUDIT_FAMILIES = ['org', 'user', 'api_token', 'billing', 'backup'] as const;

/** The where filter for an area (prefix) and free text (contained, any case); undefined for none. */
export function auditWhere(family: string, text: string): AuditEventWhereInput | undefined {
  const where: AuditEventWhereInput = {};
  if (family) where.actionHasPrefix = `${family}.`;
  if (text.trim()) where.actionContainsFold = text.trim();
  return Object.keys(where).length > 0 ? where : undefined;
}

/** An event's details on one line: "name: ci · expiresInDays: 30". */
export function detailsLine(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}
