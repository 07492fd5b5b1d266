import { Center, Loader, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/I18nProvider';

export function Loading({ full = false }: { full?: boolean }) {
  const { t } = useI18n();
  return (
    <Center h={full ? '100vh' : 160} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {t('app.loading')}
        </Text>
      </Stack>
    </Center>
  );
}
