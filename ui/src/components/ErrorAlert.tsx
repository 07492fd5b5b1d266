import { Alert, Button, Group, Text } from '@mantine/core';
import type { AppError } from '../api/errors';
import { useI18n } from '../i18n/I18nProvider';

/** An error from the server or the network: what happened (by code) and what the server said. */
export function ErrorAlert({ error, onRetry }: { error: AppError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert color="red" variant="light" title={t(`error.${error.code}`)} role="alert" data-error-code={error.code}>
      {error.message && <Text size="sm">{error.message}</Text>}
      {error.code === 'NETWORK' && <Text size="sm">{t('error.networkDetail')}</Text>}
      {error.retryAfterSeconds !== undefined && <Text size="sm">{t('error.retryAfter', { seconds: error.retryAfterSeconds })}</Text>}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
