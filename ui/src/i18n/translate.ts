import type { MessageKey } from './messages/en';

export type Messages = Record<MessageKey, string>;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

// Messages with counts use an ICU-like plural form instead of "licence(s)":
//   '{count, plural, one {# record} other {# records}}'
// The branch is chosen by Intl.PluralRules of the message's language (en: 1 is "one"; fr: 0 and 1
// are "one"; ja: always "other"); `#` becomes the parameter as given (callers pass it formatted,
// e.g. "5,000", and the plural rule reads its digits). "other" is required, the rest optional.

const PLURAL_HEAD = /^\{(\w+), plural,\s*/;

interface Plural {
  name: string;
  branches: Record<string, string>;
  end: number; // index just after the closing brace
}

/** Parses the plural block that starts at `start` ('{name, plural, ...}'), or null. */
function parsePlural(template: string, start: number): Plural | null {
  const head = PLURAL_HEAD.exec(template.slice(start));
  if (!head) return null;
  const branches: Record<string, string> = {};
  let i = start + head[0].length;
  for (;;) {
    while (template[i] === ' ') i++;
    if (template[i] === '}') return { name: head[1], branches, end: i + 1 };
    const sel = /^(zero|one|two|few|many|other|=\d+)\s*\{/.exec(template.slice(i));
    if (!sel) return null;
    i += sel[0].length;
    let depth = 1;
    const bodyStart = i;
    while (i < template.length && depth > 0) {
      if (template[i] === '{') depth++;
      else if (template[i] === '}') depth--;
      i++;
    }
    if (depth !== 0) return null;
    branches[sel[1]] = template.slice(bodyStart, i - 1);
  }
}

/** The number a parameter stands for: a number, or the digits of a formatted count ("5,000", "5 000"). */
function operand(value: string | number): number {
  if (typeof value === 'number') return value;
  const digits = value.replace(/[^\d-]/g, '');
  return digits === '' ? NaN : Number(digits);
}

const rulesCache = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let r = rulesCache.get(locale);
  if (!r) rulesCache.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

/** The plural category (one, other, …) `value` takes in `locale`. */
export function pluralCategory(locale: string, value: string | number): string {
  const n = operand(value);
  return Number.isNaN(n) ? 'other' : pluralRules(locale).select(n);
}

/**
 * Replaces {name} placeholders and chooses plural branches ({name, plural, one {…} other {…}})
 * by the rules of `locale`; unknown placeholders are left as they are.
 */
export function interpolate(template: string, params?: Params, locale = 'en'): string {
  if (!params) return template;
  const plain = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  let out = '';
  let literalStart = 0;
  for (let i = 0; i < template.length; ) {
    const p = template[i] === '{' ? parsePlural(template, i) : null;
    if (!p || !(p.name in params)) {
      i++;
      continue;
    }
    const value = params[p.name];
    const branch = p.branches[`=${operand(value)}`] ?? p.branches[pluralCategory(locale, value)] ?? p.branches.other ?? '';
    out += plain(template.slice(literalStart, i)) + interpolate(branch.replace(/#/g, String(value)), params, locale);
    i = literalStart = p.end;
  }
  return out + plain(template.slice(literalStart));
}

/** The plural blocks of a template: parameter name and branch selectors (to check catalogues). */
export function plurals(template: string): { name: string; selectors: string[] }[] {
  const found: { name: string; selectors: string[] }[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '{') continue;
    const p = parsePlural(template, i);
    if (p) found.push({ name: p.name, selectors: Object.keys(p.branches).sort() });
  }
  return found;
}

/** The placeholders a message uses (plain and plural), sorted and unique (to check that translations keep them). */
export function placeholders(template: string): string[] {
  const names = new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  for (const p of plurals(template)) names.add(p.name);
  return [...names].sort();
}

export function makeTranslate(messages: Messages, fallback: Messages, locale = 'en'): Translate {
  return (key, params) => (key in messages ? interpolate(messages[key], params, locale) : interpolate(fallback[key] ?? key, params, 'en'));
}
