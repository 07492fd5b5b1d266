import { Button, Group, Text } from '@mantine/core';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Forward paging over a Relay connection: a stack of `after` cursors, one per page seen, so
 * "First page" and "Next page" need nothing but endCursor and hasNextPage.
 */
export function Pager({ page, hasNext, onFirst, onNext }: { page: number; hasNext: boolean; onFirst(): void; onNext(): void }) {
  const { t } = useI18n();
  if (page === 1 && !hasNext) return null;
  return (
    <Group justify="flex-end" gap="xs" role="navigation" aria-label={t('pager.label')}>
      <Text size="sm" c="dimmed" aria-current="page">
        {t('pager.page', { page })}
      </Text>
      <Button size="xs" variant="default" onClick={onFirst} disabled={page === 1}>
        {t('pager.first')}
      </Button>
      <Button size="xs" variant="default" onClick={onNext} disabled={!hasNext}>
        {t('pager.next')}
      </Button>
    </Group>
  );
}
