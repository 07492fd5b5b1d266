// Dates, numbers and money for people: Intl in the UI language, in the organization's time
// zone and currency (PL-3). Formatters are built once per (language, zone, currency).
import type { Language } from './languages';

export interface FormatSettings {
  language: Language;
  /** IANA zone of the org; the browser's own when unknown (signed out). */
  timeZone?: string;
  /** ISO 4217 code of the org. */
  currency?: string;
}

export interface Formatters {
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  /** Day and short month ("7 Dec", "12月7日"), for lists of dates within a month. */
  shortDate(iso: string | null | undefined): string;
  number(n: number): string;
  /** minor units (cents; yen have none) of currency (the org's by default) */
  money(minor: number, currency?: string): string;
  /** "5 minutes ago", "in 3 days" */
  relative(iso: string, now?: number): string;
  /** "Euro", "ユーロ", "euro" */
  currencyName(code: string): string;
}

const NONE = '—';

/** Digits after the decimal point of a currency: 2 for EUR, 0 for JPY. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A time zone Intl accepts, or undefined (the browser's) for a missing or unknown one. */
function safeZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export function createFormatters({ language, timeZone, currency = 'USD' }: FormatSettings): Formatters {
  const zone = safeZone(timeZone);
  const dateTimeFmt = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const dateFmt = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: zone });
  const shortDateFmt = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: zone });
  const numberFmt = new Intl.NumberFormat(language);
  const relativeFmt = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const moneyFmts = new Map<string, Intl.NumberFormat>();
  const currencyNames = new Intl.DisplayNames(language, { type: 'currency' });

  const parse = (iso: string | null | undefined): Date | null => {
    if (!iso) return null;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  };

  return {
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTimeFmt.format(d) : NONE;
    },
    date: (iso) => {
      const d = parse(iso);
      return d ? dateFmt.format(d) : NONE;
    },
    shortDate: (iso) => {
      const d = parse(iso);
      return d ? shortDateFmt.format(d) : NONE;
    },
    number: (n) => numberFmt.format(n),
    money: (minor, cur = currency) => {
      let fmt = moneyFmts.get(cur);
      if (!fmt) {
        fmt = new Intl.NumberFormat(language, { style: 'currency', currency: cur });
        moneyFmts.set(cur, fmt);
      }
      return fmt.format(minor / 10 ** currencyDigits(cur));
    },
    relative: (iso, now = Date.now()) => {
      const d = parse(iso);
      if (!d) return NONE;
      const seconds = Math.round((d.getTime() - now) / 1000);
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size || unit === 'second') {
          return relativeFmt.format(Math.round(seconds / size), unit);
        }
      }
      return NONE;
    },
    currencyName: (code) => {
      try {
        return currencyNames.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
