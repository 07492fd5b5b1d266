// Issue 10 move 9: messages with counts choose their plural form by the language's rules
// (Intl.PluralRules through interpolate/makeTranslate) instead of "licence(s)"-style text.
import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { fr } from './messages/fr';
import { ja } from './messages/ja';
import { interpolate, makeTranslate, plurals, type Messages } from './translate';

const catalogues = { en, fr, ja } as Record<'en' | 'fr' | 'ja', Record<string, string>>;

describe('plural forms (issue 10 move 9)', () => {
  it('en: 1 is singular, 0 and 2 are plural', () => {
    const t = makeTranslate(en, en, 'en');
    expect(t('dashboard.recordsTotal', { count: 1 })).toBe('1 record');
    expect(t('dashboard.recordsTotal', { count: 0 })).toBe('0 records');
    expect(t('dashboard.recordsTotal', { count: '5,000' })).toBe('5,000 records');
    expect(t('audit.text.user.signed_out_everywhere', { actor: 'Ann', count: 1 })).toBe('Ann signed out everywhere (1 session ended)');
    expect(t('wizard.quoteTitle', { plan: 'Pro', cycle: 'monthly', regular: 3, team: 2 })).toBe('Pro, monthly: 3 regular and 2 team licenses');
  });

  it('fr: 0 and 1 are singular, 2 is plural', () => {
    const t = makeTranslate(fr as Messages, en, 'fr');
    expect(t('dashboard.recordsTotal', { count: 0 })).toBe('0 enregistrement');
    expect(t('dashboard.recordsTotal', { count: 1 })).toBe('1 enregistrement');
    expect(t('dashboard.recordsTotal', { count: '5\u202f000' })).toBe('5\u202f000 enregistrements');
    expect(t('wizard.quoteTitle', { plan: 'Pro', cycle: 'mensuelle', regular: 1, team: 2 })).toBe(
      'Offre Pro, facturation mensuelle\u202f: 1 licence standard et 2 licences Équipe',
    );
    expect(t('invite.licenseOption', { kind: 'Standard', free: 0 })).toBe('Standard (0 libre)');
    expect(t('invite.licenseOption', { kind: 'Standard', free: 4 })).toBe('Standard (4 libres)');
  });

  it('ja: one form for every count', () => {
    const t = makeTranslate(ja as Messages, en, 'ja');
    expect(t('dashboard.recordsTotal', { count: 1 })).toBe('レコード 1 件');
    expect(t('dashboard.recordsTotal', { count: 2 })).toBe('レコード 2 件');
  });

  it('an exact =N branch wins over the category; placeholders inside a branch are filled', () => {
    const tpl = '{n, plural, =0 {none} one {# item for {who}} other {# items for {who}}}';
    expect(interpolate(tpl, { n: 0, who: 'Ann' }, 'en')).toBe('none');
    expect(interpolate(tpl, { n: 1, who: 'Ann' }, 'en')).toBe('1 item for Ann');
    expect(interpolate(tpl, { n: 7, who: 'Ann' }, 'en')).toBe('7 items for Ann');
  });

  it('no message spells a plural with "(s)" and every plural block has the forms its language needs', () => {
    const needs = { en: ['one', 'other'], fr: ['one', 'other'], ja: ['other'] } as const;
    for (const [lang, messages] of Object.entries(catalogues) as ['en' | 'fr' | 'ja', Record<string, string>][]) {
      for (const [key, text] of Object.entries(messages)) {
        expect({ lang, key, parenS: /\w\((s|x|es)\)/.test(text) }).toEqual({ lang, key, parenS: false });
        for (const p of plurals(text)) {
          expect({ lang, key, selectors: p.selectors.filter((s) => !s.startsWith('=')) }).toEqual({ lang, key, selectors: [...needs[lang]] });
        }
      }
    }
    expect(plurals(en['dashboard.recordsTotal'])).toEqual([{ name: 'count', selectors: ['one', 'other'] }]);
  });
});
