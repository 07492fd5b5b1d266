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
