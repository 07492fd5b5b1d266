// Names of the bundle's things in the UI language: services, access, quote lines.
import type { BundleService } from '../../../gql/graphql';
import { isMessageKey } from '../../../i18n/names';
import type { Translate } from '../../../i18n/translate';
import type { QuoteLineLike } from './bundle';

/** "Campaigns" for CAMPAIGNS; the catalogue's name (or the code) for a service without a key. */
export function serviceName(t: Translate, service: string, fallback?: string): string {
  const key = `bundle.service.${service}`;
  return isMessageKey(key) ? t(key) : (fallback ?? service);
}

/** A bundle add-on's name ("AI assistant"); the code for one the SPA does not know yet. */
export function bundleAddOnName(t: Translate, code: string): string {
  const key = `bundle.addOn.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** "Suite bundle", "Unused: Desk", "Account balance", or the server's description of an add-on. */
export function quoteLineLabel(t: Translate, l: QuoteLineLike & { description: string }): string {
  switch (l.kind) {
    case 'BUNDLE':
      return t('bundle.line.BUNDLE');
    case 'CREDIT':
      return l.service ? t('bundle.line.CREDIT', { service: serviceName(t, l.service as BundleService) }) : l.description;
    case 'BALANCE':
      return t('bundle.line.BALANCE');
    default:
      return l.description;
  }
}
