// Message keys made from data (a plan code, a cover…): known ones are translated, others shown
// as the server sent them.
import { en, type MessageKey } from './messages/en';
import type { Translate } from './translate';

export const isMessageKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key);

/** "Professional" for PROFESSIONAL in the UI language; the fallback (or the code) for a plan without a key. */
export function planName(t: Translate, code: string, fallback?: string): string {
  const key = `plan.${code}`;
  return isMessageKey(key) ? t(key) : (fallback ?? code);
}
