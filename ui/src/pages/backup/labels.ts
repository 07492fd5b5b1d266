// The backup page's words that depend on data: schedules in words, log actions.
import { logActionKey, scheduleWords, type ScheduleLike } from '../../lib/backup';
import type { Translate } from '../../i18n/translate';
import { brandName } from '../../lib/card';
import type { Card } from './types';

/** "Every week on Monday at 02:00" in the UI language. */
export function scheduleText(t: Translate, language: string, s: ScheduleLike): string {
  const w = scheduleWords(s, language);
  return t(w.key, w.params);
}

/** A backup log entry's action for people ("Backup ready"); an unknown action as the server named it. */
export function logActionLabel(t: Translate, action: string): string {
  const key = logActionKey(action);
  return key ? t(key) : action;
}

/** "Visa •••• 4242, expires 12/2030" */
export function cardText(t: Translate, card: Card): string {
  return t('card.onFile', { brand: brandName(card.brand), last4: card.last4, month: String(card.expMonth).padStart(2, '0'), year: card.expYear });
}
