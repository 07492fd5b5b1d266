// The backup log reads in the UI language (BK-19): each entry's details are worded from its
// action and structured details; entries without them keep the server's English summary.
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../i18n/format';
import { en } from '../../../i18n/messages/en';
import { fr } from '../../../i18n/messages/fr';
import { ja } from '../../../i18n/messages/ja';
import { makeTranslate, type Messages } from '../../../i18n/translate';
import { logSummary } from './labels';

const langs: Record<'en' | 'ja' | 'fr', Messages> = { en, ja, fr };
const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function summary(language: 'en' | 'ja' | 'fr', action: string, details: Record<string, unknown> | null, fallback = 'Server summary') {
  const t = makeTranslate(langs[language], en, language);
  const f = createFormatters({ language, timeZone: 'Europe/Paris', currency: 'EUR' });
  return spaces(logSummary(t, f, language, { action, summary: fallback, details }));
}

describe('logSummary', () => {
  const weekly = { repeatType: 'WEEKLY', weekday: 'TUESDAY', hour: 2, startDate: '2026-12-01' };

  it('words schedules as the schedule card does', () => {
    expect(summary('en', 'backup.scheduled', { ...weekly, nextRunAt: '2026-12-01T01:00:00Z' })).toBe(
      'Every week on Tuesday at 02:00, from Dec 1, 2026; next backup on Dec 1, 2026, 2:00 AM.',
    );
    expect(summary('ja', 'backup.schedule_stopped', { ...weekly, cancelledRuns: 1, stillRunning: 0, nextWouldHaveBeen: '2026-12-08T01:00:00Z' })).toBe(
      '毎週火曜日 02:00を停止しました。キャンセルされたバックアップ：1件。次回は2026/12/08 2:00の予定でした。',
    );
    expect(summary('fr', 'backup.schedule_stopped', { ...weekly, cancelledRuns: 0, stillRunning: 0, nextWouldHaveBeen: null })).toBe(
      'Arrêtée : Chaque semaine le mardi à 02:00. Sauvegardes annulées : 0.',
    );
  });

  it('words runs, downloads and purchases', () => {
    expect(summary('fr', 'backup.ready', { slotAt: '2026-12-01T01:00:00Z', files: 2, bytes: 25_504, expiresAt: '2026-12-08T01:00:00Z' })).toBe(
      'La sauvegarde du 1 déc. 2026, 02:00 est prête : 2 fichiers, 25,5 ko, téléchargeable jusqu’au 8 déc. 2026, 02:00.',
    );
    expect(summary('ja', 'backup.requested', { cover: 'UNIT' })).toBe('単発バックアップ（充当：バックアップ単位）。');
    expect(summary('en', 'backup.needs_purchase', { slotAt: '2026-12-29T01:00:00Z', month: '2026-12' })).toBe(
      'The backup of Dec 29, 2026, 2:00 AM did not run: nothing was left to cover it in December 2026.',
    );
    expect(summary('en', 'billing.backup_units_returned', { units: 1, amount: -1000, currency: 'EUR', payment: 'PAY-9' })).toBe(
      '1 unused backup units given back; €10.00 credited to the balance (PAY-9).',
    );
    expect(summary('fr', 'billing.weekly_backup_addon_changed', { from: 1, to: 0, payment: '' })).toBe('Option de sauvegarde hebdomadaire résiliée.');
    expect(summary('ja', 'backup.download_started', { file: 'data-part1.zip', bytes: 2_500_000, runId: 3 })).toBe('data-part1.zip（2.5 MB）のダウンロードを開始しました。');
  });

  it('keeps the server summary for entries without details and for unknown actions', () => {
    expect(summary('ja', 'backup.ready', null, 'The backup of … is ready')).toBe('The backup of … is ready');
    expect(summary('fr', 'backup.scheduled', { repeatType: 'HOURLY' }, 'Ann scheduled')).toBe('Ann scheduled');
    expect(summary('en', 'billing.backup_units_bought', { payment: 'PAY-1', amount: 1000, currency: 'EUR', backupUnits: 0 }, 'Ann paid')).toBe('Ann paid');
    expect(summary('en', 'something.new', { a: 1 }, 'As the server said')).toBe('As the server said');
  });
});
