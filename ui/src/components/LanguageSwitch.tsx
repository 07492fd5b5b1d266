import { NativeSelect } from '@mantine/core';
import { useMutation } from 'urql';
import { UpdateMyLocaleMutation } from '../session/operations';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/languages';
import { useI18n } from '../i18n/I18nProvider';
import { useSession } from '../session/SessionProvider';

/**
 * A native select: keyboard and screen readers know it, and phones show their own picker. A
 * signed-in user's choice is also saved as their locale, the language of the emails they get.
 */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { language, setLanguage, t } = useI18n();
  const { state } = useSession();
  const [, saveLocale] = useMutation(UpdateMyLocaleMutation);
  const choose = (l: Language) => {
    setLanguage(l);
    if (state.status === 'signedIn') void saveLocale({ locale: l }); // best effort: the page already speaks it
  };
  return (
    <NativeSelect
      size="xs"
      label={compact ? undefined : t('app.language')}
      aria-label={t('app.language')}
      value={language}
      onChange={(e) => isLanguage(e.currentTarget.value) && choose(e.currentTarget.value)}
      data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      data-testid="language-switch"
      w={compact ? 110 : undefined}
    />
  );
}
