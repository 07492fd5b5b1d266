import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { SetPaymentMethodMutation } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n/I18nProvider';
import { BRANDS, cardFieldOf, detectBrand, formatCardNumber, formatExpiryInput, toCardInput, validateCard, type CardValues } from '../utils/card';
import { useForm } from '../../../lib/useForm';
import type { Card } from '../types';

const EMPTY: CardValues = { number: '', expiry: '', cvc: '' };

/**
 * Adds or replaces the card on file (SB-10). Checked as typed (Luhn, expiry, CVC length); the
 * number and CVC go to the server once and are never kept in the page after it answers.
 */
export function CardForm({ onSaved, onCancel, submitLabel }: { onSaved(card: Card): void; onCancel?(): void; submitLabel?: string }) {
  const { t } = useI18n();
  const form = useForm(EMPTY, validateCard);
  const [{ fetching }, save] = useMutation(SetPaymentMethodMutation);
  const [error, setError] = useState<AppError>();
  const brand = detectBrand(form.values.number);

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await save({ card: toCardInput(v) });
    if (res.data) {
      form.reset();
      onSaved(res.data.setPaymentMethod);
      return;
    }
    const e = toAppError(res.error);
    const field = cardFieldOf(e.field);
    if (field) form.showServerErrors({ [field]: e.message });
    else setError(e);
  });

  const number = form.field('number');
  const expiry = form.field('expiry');
  return (
    <form onSubmit={submit} noValidate aria-label={t('card.formLabel')} data-testid="card-form">
      <Stack gap="sm">
        {error && <ErrorAlert error={error} />}
        <TextInput
          {...number}
          onChange={(e) => form.setValue('number', formatCardNumber(e.currentTarget.value))}
          label={t('card.number')}
          description={brand ? BRANDS[brand].name : t('card.numberHint')}
          inputMode="numeric"
          autoComplete="cc-number"
          maxLength={23}
          required
          data-testid="card-number"
        />
        <Group grow align="flex-start" gap="sm">
          <TextInput
            {...expiry}
            onChange={(e) => form.setValue('expiry', formatExpiryInput(e.currentTarget.value, form.values.expiry))}
            label={t('card.expiry')}
            placeholder={t('card.expiryPlaceholder')}
            inputMode="numeric"
            autoComplete="cc-exp"
            maxLength={9}
            required
            data-testid="card-expiry"
          />
          <TextInput
            {...form.field('cvc')}
            label={t('card.cvc')}
            description={t('card.cvcHint', { digits: brand ? BRANDS[brand].cvc : '3–4' })}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            inputMode="numeric"
            autoComplete="cc-csc"
            maxLength={4}
            required
            data-testid="card-cvc"
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('card.privacy')}
        </Text>
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('app.cancel')}
            </Button>
          )}
          <Button type="submit" loading={fetching} data-testid="card-save">
            {submitLabel ?? t('card.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
