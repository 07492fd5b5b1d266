import { Button, Group } from '@mantine/core';
import type { AppError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n/I18nProvider';

/** Why "Back up now" was refused; NEEDS_PURCHASE (BK-10) offers to buy units. */
export function NowError({ error, onBuy }: { error: AppError; onBuy(): void }) {
  const { t } = useI18n();
  return (
    <div data-testid="backup-now-error">
      <ErrorAlert error={error} />
      {error.code === 'NEEDS_PURCHASE' && (
        <Group mt="xs">
          <Button size="xs" variant="light" onClick={onBuy} data-testid="buy-offer">
            {t('backup.now.buyOffer')}
          </Button>
        </Group>
      )}
    </div>
  );
}
