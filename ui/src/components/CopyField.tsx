import { Button, CopyButton, Group, TextInput } from '@mantine/core';
import { useI18n } from '../i18n/I18nProvider';

/** A read-only value with a Copy button (the value is also selectable by hand). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput
        label={label}
        value={value}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        style={{ flex: 1 }}
        data-testid="copy-field"
      />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button onClick={copy} color={copied ? 'teal' : undefined} aria-live="polite" miw={96}>
            {copied ? t('tokens.copied') : t('tokens.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
