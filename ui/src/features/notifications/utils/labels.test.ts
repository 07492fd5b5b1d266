// Notifications read in the reader's language (en/ja/fr) from their type and payload; the
// server's English title is the fallback for what the SPA does not know how to word.
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../i18n/format';
import { en } from '../../../i18n/messages/en';
import { fr } from '../../../i18n/messages/fr';
import { ja } from '../../../i18n/messages/ja';
import { makeTranslate, type Messages } from '../../../i18n/translate';
import { notificationText } from './labels';

const langs: Record<string, Messages> = { en, ja, fr };

function text(language: 'en' | 'ja' | 'fr', type: string, payload: Record<string, unknown> | null, title = 'Server title') {
  const t = makeTranslate(langs[language], en, language);
  const f = createFormatters({ language, timeZone: 'Asia/Tokyo', currency: 'JPY' });
  return notificationText(t, f, language, { type, title, payload });
}

describe('notificationText', () => {
  it('words backup notifications from their payload, in each language (BK-20)', () => {
    expect(text('en', 'backup.ready', { runId: 1, expiresAt: '2026-12-08T00:00:00Z', files: 1, bytes: 2048 })).toBe(
      'Your backup is ready to download until Dec 8, 2026, 9:00 AM.',
    );
    expect(text('ja', 'backup.ready', { expiresAt: '2026-12-08T00:00:00Z' })).toBe('バックアップは2026/12/08 9:00までダウンロードできます。');
    // Intl puts narrow or no-break spaces in French numbers and units: compared as spaces.
    expect(text('fr', 'backup.archived', { records: 12345, bytes: 2_500_000 }).replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'Sauvegarde archivée : 12 345 enregistrements, 2,5 Mo.',
    );
    expect(text('en', 'backup.queued', { by: 'Aoi', slotAt: '2026-12-01T00:00:00Z' })).toBe('The one-off backup requested by Aoi is queued.');
    expect(text('ja', 'backup.queued', { scheduleId: 3, slotAt: '2026-12-01T00:00:00Z' })).toBe('2026/12/01 9:00の予定バックアップを実行待ちに追加しました。');
    expect(text('fr', 'backup.stopped', { by: 'Zoé', nextWouldHaveBeen: '2026-12-01T00:00:00Z' })).toBe(
      'Zoé a arrêté les sauvegardes planifiées. La prochaine aurait eu lieu le 1 déc. 2026, 09:00.',
    );
    expect(text('en', 'backup.stopped', { by: 'Ann', nextWouldHaveBeen: null })).toBe('Ann stopped the scheduled backups.');
    expect(text('ja', 'backup.expired', { slotAt: '2026-12-01T00:00:00Z' })).toBe('2026/12/01 9:00のバックアップは期限切れとなり、ファイルは削除されました。');
  });

  it('words billing notifications, with money and plan names (SB)', () => {
    expect(text('ja', 'billing.payment_succeeded', { payment: 'PAY-1', charged: 4800, currency: 'JPY' })).toBe('￥4,800のお支払いを受け付けました（PAY-1）。');
    expect(text('fr', 'billing.past_due', { payment: 'PAY-2', graceDays: 14 })).toBe(
      'Le renouvellement n’a pas pu être débité\u202f: mettez à jour la carte sous 14 jours pour conserver le compte.',
    );
    expect(text('en', 'billing.trial_ended', { plan: 'PROFESSIONAL', back: 'FREE' })).toBe('The Professional trial ended; the organization is back on the Free plan.');
    expect(text('ja', 'billing.locked', { downgradeAt: '2027-02-01T00:00:00Z' })).toContain('ロックされました');
  });

  it('falls back to the server title when the type or the payload is not known', () => {
    expect(text('ja', 'sync.something_new', { a: 1 }, 'Sync finished')).toBe('Sync finished');
    expect(text('fr', 'backup.ready', null, 'Your backup is ready')).toBe('Your backup is ready');
    expect(text('en', 'backup.archived', { records: 'many' }, 'Archived')).toBe('Archived');
    expect(text('en', 'test', { requestedBy: 'Ann' }, 'Hello from the worker')).toBe('Hello from the worker');
  });
});

describe('the test notification (issue 17 item 6)', () => {
  it('a default-titled one is worded in the reader’s language; a typed title stays as typed', () => {
    expect(text('fr', 'test', { requestedBy: 'Ann', defaultTitle: true }, 'Test notification')).toBe('Ann a envoyé une notification de test');
    expect(text('ja', 'test', { requestedBy: 'Ann', defaultTitle: true }, 'Notification de test')).toBe('Ann がテスト通知を送信しました');
    expect(text('fr', 'test', { requestedBy: 'Ann', defaultTitle: false }, 'Hello team')).toBe('Hello team');
  });
  it('a payment failure gives the bank’s reason in the reader’s language', () => {
    expect(text('fr', 'billing.payment_failed', { payment: 'PAY-9', reason: 'the card was declined by the bank' })).toContain('la banque a refusé la carte');
  });
});
