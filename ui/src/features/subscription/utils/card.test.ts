// SB-10: card input is validated (Luhn, expiry in the future, CVC length) before it is sent.
import { describe, expect, it } from 'vitest';
import { cardDigits, cardFieldOf, detectBrand, formatCardNumber, formatExpiryInput, luhn, parseExpiry, toCardInput, validateCard, validateCardNumber, validateCvc, validateExpiry } from './card';

const NOW = new Date(2026, 10, 30); // 30 Nov 2026, local time

describe('luhn (SB-10)', () => {
  it.each([
    ['4242424242424242', true], // sandbox: always succeeds
    ['4000000000000002', true], // sandbox: declined
    ['4000000000000341', true], // sandbox: fails on renewal
    ['378282246310005', true], // Amex
    ['5555555555554444', true],
    ['4242424242424241', false],
    ['1234567812345678', false],
    ['', false],
    ['42x2', false],
  ])('%s → %s', (n, ok) => expect(luhn(n)).toBe(ok));
});

describe('card number', () => {
  it('accepts spaces and dashes, nothing else', () => {
    expect(cardDigits('4242 4242-4242 4242')).toBe('4242424242424242');
    expect(cardDigits('4242 4242 4242 424x')).toBeUndefined();
  });

  it('detects networks from the leading digits', () => {
    expect(detectBrand('4242')).toBe('visa');
    expect(detectBrand('3782 822463 10005')).toBe('amex');
    expect(detectBrand('5555')).toBe('mastercard');
    expect(detectBrand('2221000000000009')).toBe('mastercard');
    expect(detectBrand('6011')).toBe('discover');
    expect(detectBrand('3530')).toBe('jcb');
    expect(detectBrand('9999')).toBeUndefined();
  });

  it('groups digits as printed on the card', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatCardNumber('4242-42')).toBe('4242 42');
    expect(formatCardNumber('42424242424242424242424')).toHaveLength(19 + 4);
  });

  it.each([
    ['', 'card.error.numberRequired'],
    ['4242 4242 4242 424x', 'card.error.numberDigits'],
    ['42424242', 'card.error.numberShort'],
    ['42424242424242424242', 'card.error.numberLong'],
    ['4242 4242 4242 4241', 'card.error.numberLuhn'],
    ['9999 9999 9999 9995', 'card.error.numberNetwork'],
    ['3782 8224 6310 0052', 'card.error.numberLength'], // Amex with 16 digits (Luhn-valid)
  ])('refuses %j with %s', (n, key) => expect(validateCardNumber(n)?.key).toBe(key));

  it('accepts the sandbox test cards', () => {
    for (const n of ['4242 4242 4242 4242', '4000 0000 0000 0002', '4000000000000341', '4000000000009995']) expect(validateCardNumber(n)).toBeUndefined();
  });
});

describe('expiry', () => {
  it('reads MM/YY, MM / YYYY and MMYY', () => {
    expect(parseExpiry('12/30')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('03 / 2031')).toEqual({ month: 3, year: 2031 });
    expect(parseExpiry('0729')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiry('7/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiry('12')).toBeUndefined();
    expect(parseExpiry('ab/cd')).toBeUndefined();
  });

  it('is valid through the last day of its month, not after', () => {
    expect(validateExpiry('11/26', NOW)).toBeUndefined(); // this month
    expect(validateExpiry('10/26', NOW)?.key).toBe('card.error.expired');
    expect(validateExpiry('12/25', NOW)?.key).toBe('card.error.expired');
    expect(validateExpiry('01/27', NOW)).toBeUndefined();
  });

  it('refuses a month out of range, a far year and nonsense', () => {
    expect(validateExpiry('13/27', NOW)?.key).toBe('card.error.expiryMonth');
    expect(validateExpiry('00/27', NOW)?.key).toBe('card.error.expiryMonth');
    expect(validateExpiry('01/2099', NOW)?.key).toBe('card.error.expiryFormat');
    expect(validateExpiry('soon', NOW)?.key).toBe('card.error.expiryFormat');
    expect(validateExpiry('', NOW)?.key).toBe('card.error.expiryRequired');
  });

  it('helps typing: adds the separator, pads a leading month digit, lets backspace through', () => {
    expect(formatExpiryInput('1')).toBe('1');
    expect(formatExpiryInput('4')).toBe('04 / ');
    expect(formatExpiryInput('12')).toBe('12 / ');
    expect(formatExpiryInput('12 / 3')).toBe('12 / 3');
    expect(formatExpiryInput('1230')).toBe('12 / 30');
    expect(formatExpiryInput('12 /', '12 / ')).toBe('12');
    expect(formatExpiryInput('')).toBe('');
  });
});

describe('CVC', () => {
  it('has 3 digits, 4 for American Express', () => {
    expect(validateCvc('123', '4242424242424242')).toBeUndefined();
    expect(validateCvc('1234', '4242424242424242')?.key).toBe('card.error.cvcLength');
    expect(validateCvc('1234', '378282246310005')).toBeUndefined();
    expect(validateCvc('123', '378282246310005')?.params).toEqual({ digits: '4' });
    expect(validateCvc('12a', '4242424242424242')?.key).toBe('card.error.cvcLength');
    expect(validateCvc('', '4242')?.key).toBe('card.error.cvcRequired');
  });

  it('takes 3 or 4 while the network is unknown', () => {
    expect(validateCvc('123', '')).toBeUndefined();
    expect(validateCvc('1234', '')).toBeUndefined();
    expect(validateCvc('12', '')?.params).toEqual({ digits: '3–4' });
  });
});

describe('the whole form', () => {
  it('has no problem for a good card and builds the input the API takes', () => {
    const v = { number: '4242 4242 4242 4242', expiry: '12 / 30', cvc: '123' };
    expect(Object.values(validateCard(v, NOW)).filter(Boolean)).toEqual([]);
    expect(toCardInput(v)).toEqual({ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' });
  });

  it('names every bad field', () => {
    const p = validateCard({ number: '4242 4242 4242 4241', expiry: '01/20', cvc: '1' }, NOW);
    expect([p.number?.key, p.expiry?.key, p.cvc?.key]).toEqual(['card.error.numberLuhn', 'card.error.expired', 'card.error.cvcLength']);
  });

  it('maps the server’s card fields onto the form', () => {
    expect(cardFieldOf('number')).toBe('number');
    expect(cardFieldOf('expMonth')).toBe('expiry');
    expect(cardFieldOf('expYear')).toBe('expiry');
    expect(cardFieldOf('cvc')).toBe('cvc');
    expect(cardFieldOf('plan')).toBeUndefined();
  });
});
