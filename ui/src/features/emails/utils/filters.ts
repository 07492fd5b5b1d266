import type { EmailWhereInput } from '../../../gql/graphql';

/** The module filter of the emails list: emails linked to at least one record of it. */
export const MODULE_FILTERS = ['ALL', 'LEADS', 'CONTACTS', 'DEALS', 'CASES'] as const;
export type ModuleFilter = (typeof MODULE_FILTERS)[number];

export interface EmailFilters {
  module: ModuleFilter;
  /** yyyy-mm-dd (an <input type="date">'s value), inclusive; '' = no bound. */
  from: string;
  /** yyyy-mm-dd, inclusive (the whole day); '' = no bound. */
  to: string;
}

export const NO_FILTERS: EmailFilters = { module: 'ALL', from: '', to: '' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start of a yyyy-mm-dd day in the viewer's time zone, as an ISO instant; undefined when not a real date. */
export function dayStart(day: string, offsetDays = 0): string | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(y, mo, d + offsetDays);
  const check = new Date(y, mo, d);
  if (check.getFullYear() !== y || check.getMonth() !== mo || check.getDate() !== d) return undefined;
  return date.toISOString();
}

/** True when both bounds are set and the range ends before it starts. */
export function rangeInverted(f: EmailFilters): boolean {
  return f.from !== '' && f.to !== '' && f.from > f.to;
}

/** The emails query's where for the filters; undefined when nothing filters. */
export function emailsWhere(f: EmailFilters): EmailWhereInput | undefined {
  const where: EmailWhereInput = {};
  switch (f.module) {
    case 'LEADS':
      where.hasLeads = true;
      break;
    case 'CONTACTS':
      where.hasContacts = true;
      break;
    case 'DEALS':
      where.hasDeals = true;
      break;
    case 'CASES':
      where.hasSupportCase = true;
      break;
  }
  if (!rangeInverted(f)) {
    const from = dayStart(f.from);
    const to = dayStart(f.to, 1); // the day after: the whole "to" day is in
    if (from) where.sentAtGTE = from;
    if (to) where.sentAtLT = to;
  }
  return Object.keys(where).length > 0 ? where : undefined;
}

/** A lead's or contact's name for the list: "First Last", else the address, else the ID. */
export function personName(p: { id: string; firstName?: string | null; lastName?: string | null; email?: string | null }): string {
  const name = [p.firstName, p.lastName].filter((s) => s && s.trim() !== '').join(' ');
  return name || p.email || p.id;
}
