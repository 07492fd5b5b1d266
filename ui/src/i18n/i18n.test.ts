import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { fr } from './messages/fr';
import { ja } from './messages/ja';
import { placeholders } from './translate';

const translations = { ja, fr };

describe('messages', () => {
  for (const [lang, messages] of Object.entries(translations)) {
    it(`${lang} has exactly the English keys`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    });

    it(`${lang} keeps every placeholder of each message`, () => {
      for (const [key, text] of Object.entries(en)) {
        expect({ key, placeholders: placeholders((messages as Record<string, string>)[key]) }).toEqual({ key, placeholders: placeholders(text) });
      }
    });

    it(`${lang} has no empty message`, () => {
      for (const [key, text] of Object.entries(messages)) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    });
  }

  it('translates the subscription and users pages (not English left behind)', () => {
    // Sentences, not names: each must differ from English in both languages.
    const keys = ['sub.title', 'wizard.title', 'quote.totalDue', 'card.error.numberLuhn', 'invite.title', 'licenses.title', 'locked.askSuperAdmin', 'grace.title', 'trial.bannerTitle', 'payments.title'] as const;
    for (const key of keys) {
      expect(ja[key]).not.toBe(en[key]);
      expect(fr[key]).not.toBe(en[key]);
    }
  });

  it('translates the backup and outbox pages and the backup notifications', () => {
    const keys = (Object.keys(en) as (keyof typeof en)[]).filter(
      (k) => k.startsWith('backup.') || k.startsWith('backupLog.') || k.startsWith('outbox.') || k.startsWith('notificationType.backup.'),
    );
    expect(keys.length).toBeGreaterThan(150);
    // Words French spells like English ("Active", "Total", "Message") and placeholders alone.
    const frSame = ['backup.summary.addOnOn', 'backup.scheduleStatus.ACTIVE', 'backup.preview.total', 'backup.file.download', 'outbox.col.body'];
    expect(keys.filter((k) => ja[k] === en[k])).toEqual([]);
    expect(keys.filter((k) => fr[k] === en[k])).toEqual(frSame);
  });
});

// Issue 17 item 6: French typography — a no-break space (narrow U+202F, or U+00A0) before
// « : », « ; », « ? » and « ! ». Not in a time (09:00), a URL (https://) or a literal HTTP header
// one types as it is (Authorization: Bearer …; internal/i18n's test makes the same exception).
function frTypographyViolations(messages: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, text] of Object.entries(messages)) {
    for (let i = 1; i < text.length; i++) {
      const c = text[i];
      if (!':;?!'.includes(c)) continue;
      const prev = text[i - 1], next = text[i + 1] ?? '';
      if (c === ':' && (next === '/' || (/\d/.test(prev) && /\d/.test(next)) || text.slice(0, i).endsWith('Authorization'))) continue;
      if (prev === '\u202f' || prev === '\u00a0') continue;
      out.push(`${key}: “${text.slice(Math.max(0, i - 12), i + 1)}”`);
    }
  }
  return out;
}

describe('French typography (issue 17 item 6)', () => {
  it('puts a no-break space before : ; ? ! in every fr message', () => {
    expect(frTypographyViolations(fr)).toEqual([]);
  });
  it('finds a missing one', () => {
    expect(frTypographyViolations({ a: 'Total : 3', b: 'Prêt ?', c: 'à 09:00', d: 'https://x', e: 'Total\u202f: 3' })).toEqual(['a: “Total :”', 'b: “Prêt ?”']);
  });
});
