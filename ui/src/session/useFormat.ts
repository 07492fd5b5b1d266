import { useMemo } from 'react';
import { createFormatters, type Formatters } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import { useSession } from './SessionProvider';

/** Formatters in the UI language and the org's time zone and currency. */
export function useFormat(): Formatters {
  const { language } = useI18n();
  const { state } = useSession();
  const org = state.status === 'signedIn' ? state.org : undefined;
  return useMemo(
    () => createFormatters({ language, timeZone: org?.timeZone, currency: org?.currency }),
    [language, org?.timeZone, org?.currency],
  );
}
