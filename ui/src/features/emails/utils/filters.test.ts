import { describe, expect, it } from 'vitest';
import { dayStart, emailsWhere, NO_FILTERS, personName, rangeInverted } from './filters';

const local = (iso: string | null | undefined) => {
  const d = new Date(iso!);
  return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];
};

describe('emails list filters (issue 13 item 9)', () => {
  it('no filter sends no where', () => {
    expect(emailsWhere(NO_FILTERS)).toBeUndefined();
  });

  it('a module filter asks for emails linked to at least one record of it', () => {
    expect(emailsWhere({ ...NO_FILTERS, module: 'LEADS' })).toEqual({ hasLeads: true });
    expect(emailsWhere({ ...NO_FILTERS, module: 'CONTACTS' })).toEqual({ hasContacts: true });
    expect(emailsWhere({ ...NO_FILTERS, module: 'DEALS' })).toEqual({ hasDeals: true });
    expect(emailsWhere({ ...NO_FILTERS, module: 'CASES' })).toEqual({ hasSupportCase: true });
  });

  it('a date range covers both days in full, in the local time zone', () => {
    const w = emailsWhere({ module: 'CONTACTS', from: '2026-12-01', to: '2026-12-31' });
    expect(w?.hasContacts).toBe(true);
    expect(local(w?.sentAtGTE)).toEqual([2026, 12, 1, 0, 0]);
    expect(local(w?.sentAtLT)).toEqual([2027, 1, 1, 0, 0]); // the day after "to", across the year
  });

  it('one bound alone filters on that side only', () => {
    expect(Object.keys(emailsWhere({ ...NO_FILTERS, from: '2026-02-28' }) ?? {})).toEqual(['sentAtGTE']);
    expect(local(emailsWhere({ ...NO_FILTERS, to: '2026-02-28' })?.sentAtLT)).toEqual([2026, 3, 1, 0, 0]);
  });

  it('an inverted range or an impossible date is not sent', () => {
    const inverted = { module: 'ALL' as const, from: '2026-12-31', to: '2026-12-01' };
    expect(rangeInverted(inverted)).toBe(true);
    expect(emailsWhere(inverted)).toBeUndefined();
    expect(dayStart('2026-02-30')).toBeUndefined();
    expect(dayStart('03/12/2026')).toBeUndefined();
    expect(emailsWhere({ ...NO_FILTERS, from: '2026-13-01' })).toBeUndefined();
  });

  it('names a linked person by name, else address, else ID', () => {
    expect(personName({ id: '1', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' })).toBe('Ann Lee');
    expect(personName({ id: '1', firstName: null, lastName: '山田', email: null })).toBe('山田');
    expect(personName({ id: '1', firstName: ' ', lastName: '', email: 'x@example.com' })).toBe('x@example.com');
    expect(personName({ id: '7', firstName: null, lastName: null, email: null })).toBe('7');
  });
});
