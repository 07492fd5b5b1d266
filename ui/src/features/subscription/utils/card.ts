// Card input checked in the browser before it is sent (SB-10): the same rules as the server's
// internal/billing/card.go — digits only (spaces and dashes allowed), a supported network and
// its length, the Luhn checksum, an expiry month that has not ended, and a CVC of 3 digits
// (4 for American Express). The server checks again; the card never leaves the form otherwise.
import type { Problem, Problems } from '../../../lib/validation';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay';

interface BrandInfo {
  name: string;
  lengths: number[];
  cvc: number;
}

export const BRANDS: Record<CardBrand, BrandInfo> = {
  visa: { name: 'Visa', lengths: [13, 16, 19], cvc: 3 },
  mastercard: { name: 'Mastercard', lengths: [16], cvc: 3 },
  amex: { name: 'American Express', lengths: [15], cvc: 4 },
  discover: { name: 'Discover', lengths: [16, 17, 18, 19], cvc: 3 },
  jcb: { name: 'JCB', lengths: [16, 17, 18, 19], cvc: 3 },
  diners: { name: 'Diners Club', lengths: [14, 15, 16, 17, 18, 19], cvc: 3 },
  unionpay: { name: 'UnionPay', lengths: [16, 17, 18, 19], cvc: 3 },
};

/** The digits of a number typed with spaces or dashes; undefined when anything else is in it. */
export function cardDigits(input: string): string | undefined {
  const stripped = input.replace(/[\s-]/g, '');
  return /^\d+$/.test(stripped) ? stripped : undefined;
}

/** The Luhn checksum (mod 10) of a string of digits. */
export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The network from the leading digits (as far as they are typed), or undefined. */
export function detectBrand(input: string): CardBrand | undefined {
  const d = cardDigits(input);
  if (!d) return undefined;
  const prefix = (n: number) => (d.length < n ? -1 : Number(d.slice(0, n)));
  const inRange = (n: number, lo: number, hi: number) => {
    const p = prefix(n);
    return p >= lo && p <= hi;
  };
  if (inRange(2, 34, 34) || inRange(2, 37, 37)) return 'amex';
  if (inRange(1, 4, 4)) return 'visa';
  if (inRange(2, 51, 55) || inRange(4, 2221, 2720)) return 'mastercard';
  if (inRange(4, 6011, 6011) || inRange(3, 644, 649) || inRange(2, 65, 65) || inRange(6, 622126, 622925)) return 'discover';
  if (inRange(4, 3528, 3589)) return 'jcb';
  if (inRange(3, 300, 305) || inRange(2, 36, 36) || inRange(2, 38, 39)) return 'diners';
  if (inRange(2, 62, 62)) return 'unionpay';
  return undefined;
}

/** Groups the digits as printed on the card: 4-6-5 for American Express, 4-4-4-4… otherwise. */
export function formatCardNumber(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 19);
  if (detectBrand(d) === 'amex') return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ');
  return d.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function validateCardNumber(input: string): Problem {
  if (input.trim() === '') return { key: 'card.error.numberRequired' };
  const d = cardDigits(input);
  if (d === undefined) return { key: 'card.error.numberDigits' };
  if (d.length < 12) return { key: 'card.error.numberShort' };
  if (d.length > 19) return { key: 'card.error.numberLong' };
  if (!luhn(d)) return { key: 'card.error.numberLuhn' };
  const brand = detectBrand(d);
  if (!brand) return { key: 'card.error.numberNetwork' };
  if (!BRANDS[brand].lengths.includes(d.length)) return { key: 'card.error.numberLength', params: { brand: BRANDS[brand].name } };
  return undefined;
}

/**
 * Reads an expiry typed as "MM/YY", "MM / YYYY", "MMYY" or "M/YY"; undefined when it is not
 * one. Two-digit years are 20xx (as on the server).
 */
export function parseExpiry(input: string): { month: number; year: number } | undefined {
  const v = input.trim();
  let m = /^(\d{1,2})\s*[/\-.\s]\s*(\d{2}|\d{4})$/.exec(v);
  if (!m) m = /^(\d{2})(\d{2})$/.exec(v);
  if (!m) return undefined;
  const month = Number(m[1]);
  let year = Number(m[2]);
  if (m[2].length === 2) year += 2000;
  return { month, year };
}

/** Typing help for the expiry field: "12" → "12 / ", "1228" → "12 / 28". */
export function formatExpiryInput(input: string, previous = ''): string {
  const deleting = input.length < previous.length;
  const d = input.replace(/\D/g, '').slice(0, 6);
  if (d.length === 0) return '';
  if (d.length === 1) return d > '1' ? `0${d} / ` : d;
  if (d.length === 2) return deleting ? d : `${d} / `;
  return `${d.slice(0, 2)} / ${d.slice(2)}`;
}

/**
 * A card can be used through the last day of its expiry month (server's rule, in the server's
 * time zone: compared here by calendar month, which can differ only on the first/last day).
 */
export function validateExpiry(input: string, now = new Date()): Problem {
  if (input.trim() === '') return { key: 'card.error.expiryRequired' };
  const e = parseExpiry(input);
  if (!e) return { key: 'card.error.expiryFormat' };
  if (e.month < 1 || e.month > 12) return { key: 'card.error.expiryMonth' };
  const year = now.getFullYear();
  if (e.year > year + 30) return { key: 'card.error.expiryFormat' };
  if (e.year < year || (e.year === year && e.month < now.getMonth() + 1)) return { key: 'card.error.expired' };
  return undefined;
}

/** 3 digits, or 4 for American Express; any 3 or 4 while the network is not known yet. */
export function validateCvc(cvc: string, number: string): Problem {
  const v = cvc.trim();
  if (v === '') return { key: 'card.error.cvcRequired' };
  const brand = detectBrand(number);
  const want = brand ? [BRANDS[brand].cvc] : [3, 4];
  if (!/^\d+$/.test(v) || !want.includes(v.length)) {
    return { key: 'card.error.cvcLength', params: { digits: want.join('–') } };
  }
  return undefined;
}

export interface CardValues {
  number: string;
  expiry: string;
  cvc: string;
}

export function validateCard(v: CardValues, now = new Date()): Problems<CardValues> {
  return { number: validateCardNumber(v.number), expiry: validateExpiry(v.expiry, now), cvc: validateCvc(v.cvc, v.number) };
}

/** What setPaymentMethod takes; only for values that passed validateCard. */
export function toCardInput(v: CardValues): { number: string; expMonth: number; expYear: number; cvc: string } {
  const e = parseExpiry(v.expiry);
  if (!e) throw new Error('toCardInput: invalid expiry');
  return { number: cardDigits(v.number) ?? '', expMonth: e.month, expYear: e.year, cvc: v.cvc.trim() };
}

/** The server's card field names (number, expMonth, expYear, cvc) → this form's fields. */
export function cardFieldOf(serverField: string | undefined): keyof CardValues | undefined {
  switch (serverField) {
    case 'number':
      return 'number';
    case 'expMonth':
    case 'expYear':
      return 'expiry';
    case 'cvc':
      return 'cvc';
    default:
      return undefined;
  }
}

export function brandName(brand: string): string {
  return (BRANDS as Record<string, BrandInfo>)[brand.toLowerCase()]?.name ?? brand;
}
