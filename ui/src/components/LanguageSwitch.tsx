import { NativeSelect } from '@mantine/core';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages';
import { useI18n } from '../i18n/I18nProvider';

/** A native select: keyboard and screen readers know it, and phones show their own picker. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { language, setLanguage, t } = useI18n();
  return (
    <NativeSelect
      size="xs"
      label={compact ? undefined : t('app.language')}
      aria-label={t('app.language')}
      value={language}
      onChange={(e) => isLanguage(e.currentTarget.value) && setLanguage(e.currentTarget.value)}
      data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      data-testid="language-switch"
      w={compact ? 110 : undefined}
    />
  );
}
