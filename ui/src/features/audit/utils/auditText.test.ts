// Issue 17 item 6: the audit log in the reader's language — every action labelled, summaries
// worded from details, "System" translated, the gateway's decline reasons from the catalogue.
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../i18n/format';
import { en } from '../../../i18n/messages/en';
import { fr } from '../../../i18n/messages/fr';
import { ja } from '../../../i18n/messages/ja';
import { makeTranslate, type Messages } from '../../../i18n/translate';
import { AUDIT_ACTIONS, auditActionLabel, auditActor, auditSentence, declineReason } from './auditText';

const langs: Record<'en' | 'ja' | 'fr', Messages> = { en, ja, fr };
const spaces = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');
const tr = (l: 'en' | 'ja' | 'fr') => makeTranslate(langs[l], en, l);
function sentence(l: 'en' | 'ja' | 'fr', action: string, details: Record<string, unknown> | null, actorID: string | null = '7') {
  const f = createFormatters({ language: l, timeZone: 'Europe/Paris', currency: 'EUR' });
  return spaces(auditSentence(tr(l), f, { action, actorID, actorName: 'Ann', summary: 'English summary', details }));
}

describe('audit log words (issue 17 item 6)', () => {
  it('labels every action the server writes, in each language, never as its raw key', () => {
    const backupLog = ['backup.scheduled', 'backup.requested', 'backup.ready', 'backup.failed', 'backup.expired', 'backup.download_started', 'backup.schedule_stopped', 'backup.run_cancelled', 'backup.needs_purchase', 'billing.backup_units_bought', 'billing.backup_units_returned'];
    for (const action of [...AUDIT_ACTIONS, ...backupLog]) {
      for (const l of ['en', 'ja', 'fr'] as const) {
        expect({ action, l, label: auditActionLabel(tr(l), action) }).not.toEqual({ action, l, label: action });
      }
    }
    expect(auditActionLabel(tr('fr'), 'user.invited')).toBe('Utilisateur invité');
    expect(auditActionLabel(tr('ja'), 'backup.ready')).toBe(ja['backupLog.action.backup.ready']);
    // An action added later reads as the server names it.
    expect(auditActionLabel(tr('fr'), 'crm.something_new')).toBe('crm.something_new');
  });

  it('names the system in the reader’s language; a person by their name', () => {
    expect(auditActor(tr('fr'), { actorID: null, actorName: 'System' })).toBe('Système');
    expect(auditActor(tr('ja'), { actorID: null, actorName: 'System' })).toBe(ja['audit.system']);
    expect(auditActor(tr('fr'), { actorID: '3', actorName: 'Ann' })).toBe('Ann');
  });

  it('words summaries from the details, in each language', () => {
    expect(sentence('fr', 'user.invited', { name: 'Sam', email: 'sam@x.test', role: 'ADMIN', licenseKind: 'TEAM' })).toBe(
      'Ann a invité Sam <sam@x.test> en tant que Administrateur avec une licence Équipe ; un mot de passe temporaire a été émis'.replace('Administrateur', fr['role.ADMIN']).replace('Équipe', fr['license.TEAM']),
    );
    expect(sentence('ja', 'api_token.created', { name: 'ci' })).toBe('Ann が API トークン「ci」を作成しました');
    // Issue 11 item 8: a mail client deleted by its owner, and by an admin (the owner named).
    expect(sentence('en', 'sync_client.deleted', { name: 'Outlook' })).toBe('Ann deleted their mail client “Outlook”');
    expect(sentence('ja', 'sync_client.deleted', { name: 'Outlook', ownerName: 'Bob' })).toBe('Ann が Bob のメールクライアント「Outlook」を削除しました');
    expect(sentence('fr', 'sync_client.deleted', {})).toBeUndefined();
    expect(sentence('en', 'billing.card_set', { brand: 'visa', last4: '4242' })).toBe('Ann set the card on file: Visa •••• 4242');
    expect(sentence('fr', 'billing.renewed', { plan: 'PROFESSIONAL', payment: 'PAY-1', amount: 2300, currency: 'EUR' })).toBe(
      'L’offre Professionnelle a été renouvelée : 23,00 € payés (PAY-1)',
    );
    expect(sentence('fr', 'billing.payment_failed', { payment: 'PAY-2', reason: 'the card has insufficient funds', code: 'insufficient_funds' })).toBe(
      'Le paiement PAY-2 a échoué : la provision de la carte est insuffisante ; rien n’a été modifié',
    );
    // Without the details its sentence needs (entries written before they were kept): no sentence.
    expect(sentence('fr', 'user.invited', null)).toBeUndefined();
    expect(sentence('fr', 'crm.something_new', { name: 'x' })).toBeUndefined();
  });

  it('words the gateway’s decline reasons by code or by its sentence; an unknown one as it came', () => {
    expect(declineReason(tr('fr'), 'the card was declined by the bank')).toBe('la banque a refusé la carte');
    expect(declineReason(tr('ja'), 'whatever the gateway said', 'insufficient_funds')).toBe(ja['decline.insufficient_funds']);
    expect(declineReason(tr('fr'), 'a reason from a newer gateway')).toBe('a reason from a newer gateway');
  });
});
