import { Badge, Paper, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/I18nProvider';
import { Page } from './Page';

/** A page whose API does not exist yet: says what it will do, and shows no made-up data. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  const { t } = useI18n();
  return (
    <Page title={title}>
      <Paper withBorder p="xl" radius="md" data-testid="coming-soon">
        <Stack gap="sm" align="flex-start">
          <Badge variant="light" color="gray">
            {t('soon.title')}
          </Badge>
          <Text>{what}</Text>
          <Text size="sm" c="dimmed">
            {t('soon.body')}
          </Text>
        </Stack>
      </Paper>
    </Page>
  );
}
