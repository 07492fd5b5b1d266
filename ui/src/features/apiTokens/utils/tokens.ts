export type TokenStatus = 'active' | 'revoked' | 'expired';

export function tokenStatus(token: { revokedAt: string | null; expiresAt: string | null }, now = Date.now()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/** The expiry choices of the create form, in days; "never" sends no expiry. */
export const EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export function expiresInDays(choice: string): number | undefined {
  const n = Number.parseInt(choice, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
