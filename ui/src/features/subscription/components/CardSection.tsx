import { Button, Card as Panel, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { RemovePaymentMethodMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { toastDone, toastError } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { brandName } from '../utils/card';
import { useFormat } from '../../../session/useFormat';
import { CardForm } from './CardForm';
import type { Card } from '../types';

/** "Visa •••• 4242, expires 12/2030" */
export function CardLine({ card }: { card: Card }) {
  const { t } = useI18n();
  return (
    <Text size="sm" data-testid="card-on-file">
      {t('card.onFile', { brand: brandName(card.brand), last4: card.last4, month: String(card.expMonth).padStart(2, '0'), year: card.expYear })}
    </Text>
  );
}

/** The card on file (SB-10): shown, replaced or removed. */
export function CardSection({ card, onChanged, id }: { card: Card | null; onChanged(): void; id?: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [{ fetching }, remove] = useMutation(RemovePaymentMethodMutation);

  const onRemove = async () => {
    const res = await remove({});
    setConfirm(false);
    if (res.error) return toastError(t, res.error);
    toastDone(t('card.removed'));
    onChanged();
  };

  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="card-heading" id={id}>
      <Stack gap="sm">
        <Text fw={600} id="card-heading">
          {t('card.title')}
        </Text>
        {card ? (
          <Stack gap={2}>
            <CardLine card={card} />
            <Text size="xs" c="dimmed">
              {t('card.added', { date: f.date(card.addedAt) })}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" data-testid="no-card">
            {t('card.none')}
          </Text>
        )}
        {editing ? (
          <CardForm
            onSaved={() => {
              setEditing(false);
              toastDone(t('card.saved'));
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <Group gap="sm">
            <Button size="sm" variant="light" onClick={() => setEditing(true)} data-testid="card-edit">
              {card ? t('card.replace') : t('card.add')}
            </Button>
            {card && (
              <Button size="sm" variant="subtle" color="red" onClick={() => setConfirm(true)} data-testid="card-remove">
                {t('card.remove')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <ConfirmDialog opened={confirm} title={t('card.removeTitle')} confirmLabel={t('card.removeConfirm')} busy={fetching} onConfirm={onRemove} onCancel={() => setConfirm(false)}>
        {t('card.removeBody')}
      </ConfirmDialog>
    </Panel>
  );
}
