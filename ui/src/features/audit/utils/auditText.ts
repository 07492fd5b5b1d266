// Issue 17 item 6: the audit log in the reader's language. Every action has a label, and an
// entry's summary is worded here from its action and details (the server's summary is English
// and stays for API clients); "System" is the actor of what no person did.
import type { Formatters } from '../../../i18n/format';
import type { MessageKey } from '../../../i18n/messages/en';
import { isMessageKey, planName } from '../../../i18n/names';
import type { Translate } from '../../../i18n/translate';
import { logActionKey } from '../../backup/utils/backup';
import { brandName } from '../../subscription/utils/card';
import { fields } from '../../../lib/fields';

/** The actions the server writes to the audit log, other than the backup log's (features/backup/utils/backup LOG_ACTIONS). */
export const AUDIT_ACTIONS = [
  'org.created',
  'user.invited',
  'user.activated',
  'user.deactivated',
  'user.deleted',
  'user.password_changed',
  'user.signed_out_everywhere',
  'api_token.created',
  'api_token.revoked',
  'sync_client.deleted',
  'billing.trial_started',
  'billing.trial_ended',
  'billing.card_set',
  'billing.card_removed',
  'billing.subscription_changed',
  'billing.switched_to_free',
  'billing.renewed',
  'billing.payment_failed',
  'billing.renewal_failed',
  'billing.renewal_retry_failed',
  'billing.complimentary',
  'billing.locked',
  'billing.downgraded_to_free',
  'billing.weekly_backup_addon_changed',
  'billing.price_announced',
  'bundle.member_subscribed',
  'bundle.member_super_admin_changed',
  'bundle.trial_started',
  'bundle.trial_extended',
  'bundle.trial_expired',
  'bundle.cancelled',
  'bundle.upgraded',
  'license.assigned',
  'license.released',
  'demo.loaded',
] as const;

/** An action's label ("User invited"); an action added later reads as the server names it. */
export function auditActionLabel(t: Translate, action: string): string {
  const key = `audit.action.${action}`;
  if (isMessageKey(key)) return t(key);
  const log = logActionKey(action);
  return log ? t(log) : action;
}

/** Who did it: a person's name, or "System" in the reader's language for jobs and the server itself. */
export function auditActor(t: Translate, e: { actorID?: string | null; actorName: string }): string {
  return e.actorID ? e.actorName : t('audit.system');
}

/**
 * The gateway's decline reason in the reader's language: by its code (card_declined…), else by
 * the English sentence the gateway gave (payments and subscriptions store that one); an
 * unknown reason as it came.
 */
export function declineReason(t: Translate, reason: string | null | undefined, code?: string | null): string {
  const byReason = reason ? DECLINE_SENTENCES[reason] : undefined;
  if (byReason) return t(byReason);
  const key = code ? `decline.${code}` : '';
  if (isMessageKey(key)) return t(key);
  return reason ?? '';
}

const DECLINE_SENTENCES: Record<string, MessageKey> = {
  'the card was declined by the bank': 'decline.card_declined',
  'the bank declined the recurring charge': 'decline.recurring_declined',
  'the card has insufficient funds': 'decline.insufficient_funds',
  'the card on file is not known to the payment gateway; add the card again': 'decline.invalid_token',
  'there is no card on file': 'decline.no_card',
  'the payment service could not be reached': 'decline.gateway_unavailable',
};

export interface AuditEntryLike {
  action: string;
  actorID?: string | null;
  actorName: string;
  summary: string;
  details?: Record<string, unknown> | null;
}

/**
 * An entry's summary in the UI language from its action and details; undefined when this
 * action or the details its sentence needs are unknown (entries written before the details
 * were kept).
 */
export function auditSentence(t: Translate, f: Formatters, e: AuditEntryLike): string | undefined {
  const { str, num } = fields(e.details);
  const actor = auditActor(t, e);
  const label = (prefix: string, v: string | undefined) => {
    const key = `${prefix}.${v}`;
    return v && isMessageKey(key) ? t(key) : v;
  };
  const plan = (k = 'plan') => {
    const code = str(k);
    return code && planName(t, code);
  };
  const amount = () => {
    const a = num('amount'), c = str('currency');
    return a !== undefined && c ? f.money(Math.abs(a), c) : undefined;
  };
  const card = () => {
    const brand = str('brand'), last4 = str('last4');
    return brand && last4 ? `${brandName(brand)} •••• ${last4}` : undefined;
  };
  const person = () => {
    const name = str('name'), email = str('email');
    return name && email ? { actor, name, email } : undefined;
  };
  const license = label('license', str('licenseKind'));
  switch (e.action) {
    case 'org.created': {
      const name = str('name'), region = label('region', str('region'));
      return name && region ? t('audit.text.org.created', { actor, name, region }) : undefined;
    }
    case 'user.invited': {
      const p = person(), role = label('role', str('role'));
      return p && role && license ? t('audit.text.user.invited', { ...p, role, license }) : undefined;
    }
    case 'user.activated': {
      const p = person();
      return p && t('audit.text.user.activated', p);
    }
    case 'user.deactivated':
    case 'user.deleted': {
      const p = person();
      return p && license ? t(e.action === 'user.deleted' ? 'audit.text.user.deleted' : 'audit.text.user.deactivated', { ...p, license }) : undefined;
    }
    case 'user.password_changed':
      return t('audit.text.user.password_changed', { actor });
    case 'user.signed_out_everywhere': {
      const n = num('sessions');
      return n !== undefined ? t('audit.text.user.signed_out_everywhere', { actor, count: f.number(n) }) : undefined;
    }
    case 'api_token.created':
    case 'api_token.revoked': {
      const name = str('name');
      return name && t(e.action === 'api_token.created' ? 'audit.text.api_token.created' : 'audit.text.api_token.revoked', { actor, name });
    }
    case 'sync_client.deleted': {
      const name = str('name'), owner = str('ownerName');
      if (!name) return undefined;
      return owner ? t('audit.text.sync_client.deletedOf', { actor, name, owner }) : t('audit.text.sync_client.deleted', { actor, name });
    }
    case 'billing.trial_started': {
      const p = plan(), until = str('endsAt');
      return p && until ? t('audit.text.billing.trial_started', { actor, plan: p, date: f.date(until) }) : undefined;
    }
    case 'billing.trial_ended': {
      const p = plan(), back = plan('back');
      return p && back ? t('audit.text.billing.trial_ended', { plan: p, back }) : undefined;
    }
    case 'license.assigned':
    case 'license.released': {
      const name = str('name'), email = str('email');
      return name && email ? t(e.action === 'license.assigned' ? 'audit.text.license.assigned' : 'audit.text.license.released', { name, email }) : undefined;
    }
    case 'billing.card_set':
    case 'billing.card_removed': {
      const c = card();
      return c && t(e.action === 'billing.card_set' ? 'audit.text.billing.card_set' : 'audit.text.billing.card_removed', { actor, card: c });
    }
    case 'billing.subscription_changed':
    case 'billing.renewed': {
      const p = plan(), paid = amount(), payment = str('payment');
      if (!p) return undefined;
      const renewed = e.action === 'billing.renewed';
      if (paid && payment) return t(renewed ? 'audit.text.billing.renewedPaid' : 'audit.text.billing.subscription_changedPaid', { actor, plan: p, amount: paid, payment });
      return t(renewed ? 'audit.text.billing.renewed' : 'audit.text.billing.subscription_changed', { actor, plan: p });
    }
    case 'billing.switched_to_free':
      return t('audit.text.billing.switched_to_free', { actor });
    case 'billing.payment_failed':
    case 'billing.renewal_failed':
    case 'billing.renewal_retry_failed': {
      const payment = str('payment'), reason = declineReason(t, str('reason'), str('code'));
      const key: MessageKey =
        e.action === 'billing.payment_failed' ? 'audit.text.billing.payment_failed' : e.action === 'billing.renewal_failed' ? 'audit.text.billing.renewal_failed' : 'audit.text.billing.renewal_retry_failed';
      return payment && reason ? t(key, { payment, reason }) : undefined;
    }
    case 'billing.complimentary': {
      const p = plan(), until = str('until');
      return p && until ? t('audit.text.billing.complimentary', { plan: p, date: f.date(until) }) : undefined;
    }
    case 'billing.locked': {
      const at = str('downgradeAt');
      return at && t('audit.text.billing.locked', { date: f.date(at) });
    }
    case 'billing.downgraded_to_free': {
      const p = plan(), months = num('months');
      return p && months !== undefined ? t('audit.text.billing.downgraded_to_free', { plan: p, months: f.number(months) }) : undefined;
    }
    case 'demo.loaded': {
      const contacts = num('contacts'), accounts = num('accounts'), deals = num('deals');
      return contacts !== undefined && accounts !== undefined && deals !== undefined
        ? t('audit.text.demo.loaded', { contacts: f.number(contacts), accounts: f.number(accounts), deals: f.number(deals) })
        : undefined;
    }
    default:
      return undefined;
  }
}
