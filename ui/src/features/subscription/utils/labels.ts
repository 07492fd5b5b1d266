// Names of catalogue things in the UI language: plans, add-ons and features have message keys;
// anything the catalogue adds later shows the server's (English) name until it gets one.
import { isMessageKey as known, planName } from '../../../i18n/names';
import type { Translate } from '../../../i18n/translate';
import { lineShare, type LineLike } from './billing';

export { planName };

export function addOnName(t: Translate, code: string, fallback?: string): string {
  const key = `addon.${code}`;
  return known(key) ? t(key) : (fallback ?? code);
}

/** A catalogue unit ("GB") in the UI language ("Go" in French). */
export function unitName(t: Translate, unit: string): string {
  const key = `unit.${unit}`;
  return known(key) ? t(key) : unit;
}

export function featureName(t: Translate, code: string): string {
  const key = `feature.${code}`;
  return known(key) ? t(key) : code.replace(/-/g, ' ');
}

/** "Professional · regular users", "Unused: Standard · team users", "Backup unit". */
export function lineLabel(t: Translate, l: LineLike & { description: string }): string {
  let what: string;
  if (l.product === 'PLAN') {
    what = l.licenseKind === 'TEAM' || l.licenseKind === 'REGULAR' ? t('quote.line.plan', { plan: planName(t, l.code), kind: t(`quote.kind.${l.licenseKind}`) }) : planName(t, l.code);
  } else if (l.product === 'ADDON') {
    what = addOnName(t, l.code, l.description);
  } else {
    what = l.description;
  }
  return l.kind === 'CREDIT' ? t('quote.line.unused', { what }) : what;
}

/** "15 of 30 days", "full period", or "" (one-time purchase). */
export function lineShareLabel(t: Translate, l: LineLike, number: (n: number) => string): string {
  if (l.periodSeconds <= 0) return '';
  const s = lineShare(l);
  return s ? t('quote.share', { part: number(s.part), whole: number(s.whole) }) : t('quote.fullPeriod');
}
