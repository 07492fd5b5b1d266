// Money and dates for people: the UI language, the org's time zone and currency (PL-3).
import { describe, expect, it } from 'vitest';
import { createFormatters, currencyDigits } from './format';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('knows each currency’s minor unit', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('USD')).toBe(2);
  });

  it('formats minor units in the language, in the org currency by default', () => {
    expect(createFormatters({ language: 'en', currency: 'USD' }).money(123456)).toBe('$1,234.56');
    expect(nbsp(createFormatters({ language: 'fr', currency: 'EUR' }).money(123456))).toBe('1 234,56 €');
    expect(createFormatters({ language: 'ja', currency: 'JPY' }).money(2040)).toMatch(/^[¥￥]2,040$/);
    expect(createFormatters({ language: 'en', currency: 'JPY' }).money(3480)).toBe('¥3,480');
  });

  it('takes another currency when told, and signs credits', () => {
    const f = createFormatters({ language: 'en', currency: 'USD' });
    expect(f.money(1000, 'EUR')).toBe('€10.00');
    expect(f.money(-700)).toBe('-$7.00');
    expect(f.money(0)).toBe('$0.00');
  });
});

describe('dates', () => {
  const iso = '2026-11-30T23:30:00Z';

  it('shows the org’s time zone, not the browser’s', () => {
    expect(createFormatters({ language: 'en', timeZone: 'Asia/Tokyo' }).date(iso)).toBe('Dec 1, 2026');
    expect(createFormatters({ language: 'en', timeZone: 'America/New_York' }).date(iso)).toBe('Nov 30, 2026');
  });

  it('writes dates the language’s way', () => {
    expect(createFormatters({ language: 'ja', timeZone: 'Asia/Tokyo' }).date(iso)).toBe('2026/12/01');
    expect(createFormatters({ language: 'fr', timeZone: 'Europe/Paris' }).date(iso)).toBe('1 déc. 2026');
    expect(nbsp(createFormatters({ language: 'fr', timeZone: 'Europe/Paris' }).dateTime(iso))).toBe('1 déc. 2026, 00:30');
  });

  it('writes a short day and month for lists of run dates (BK-10 previews)', () => {
    expect(createFormatters({ language: 'en', timeZone: 'Asia/Tokyo' }).shortDate(iso)).toBe('Dec 1');
    expect(createFormatters({ language: 'ja', timeZone: 'Asia/Tokyo' }).shortDate(iso)).toBe('12月1日');
    expect(createFormatters({ language: 'fr', timeZone: 'America/New_York' }).shortDate(iso)).toBe('30 nov.');
    expect(createFormatters({ language: 'en' }).shortDate(null)).toBe('—');
  });

  it('shows a dash for a missing or broken date, and survives an unknown zone', () => {
    const f = createFormatters({ language: 'en', timeZone: 'Mars/Olympus' });
    expect(f.date(null)).toBe('—');
    expect(f.dateTime('nope')).toBe('—');
    expect(f.date(iso)).toMatch(/2026/);
  });

  it('says how long ago or how far ahead', () => {
    const f = createFormatters({ language: 'en' });
    const now = Date.parse(iso);
    expect(f.relative('2026-12-03T23:30:00Z', now)).toBe('in 3 days');
    expect(f.relative('2026-11-30T23:25:00Z', now)).toBe('5 minutes ago');
  });
});
