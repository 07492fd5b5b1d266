import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState, type RefObject } from 'react';
import { useMutation, useQuery } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import type { BundleUpgradeInput, UpgradeBundleMutation as UpgradeResult } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useFormat } from '../../../session/useFormat';
import { CardForm } from '../../subscription/components/CardForm';
import { CardLine } from '../../subscription/components/CardSection';
import type { Intent, StaleReason } from '../../subscription/utils/billing';
import { QuoteBundleUpgradeQuery, UpgradeBundleMutation } from '../graphql/operations';
import type { BundleQuote, Card } from '../types';
import { payUpgrade } from '../utils/pay';
import { BundleQuoteView } from './BundleQuoteView';

export type UpgradeOutcome = UpgradeResult['upgradeBundle'];

/**
 * The wizard's second step: the server's quote, the card on file, and Pay. A declined card
 * (PAYMENT_FAILED) changes nothing and says so; a quote that expired or changed is replaced by
 * the new one, shown with what changed, before anything is paid.
 */
export function UpgradeReview({ input, intent, card: onFile, onDone, onRefresh }: { input: BundleUpgradeInput; intent: RefObject<Intent | undefined>; card: Card | null; onDone(r: UpgradeOutcome): void; onRefresh(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const [quoteResult, requote] = useQuery({ query: QuoteBundleUpgradeQuery, variables: { input }, requestPolicy: 'network-only' });
  const [{ fetching: paying }, upgrade] = useMutation(UpgradeBundleMutation);
  const [payError, setPayError] = useState<AppError>();
  const [renewed, setRenewed] = useState<{ reason: StaleReason; quote?: BundleQuote; was: number }>();
  const [saved, setSaved] = useState<Card>();
  const [newCard, setNewCard] = useState(false);
  const card = saved ?? onFile;

  const quote = renewed?.quote ?? quoteResult.data?.quoteBundleUpgrade;
  const needsCard = (quote?.totalDue.amount ?? 0) > 0;

  const pay = async () => {
    if (!quote) return;
    setPayError(undefined);
    const out = await payUpgrade(intent, input, quote, (vars) => upgrade(vars));
    switch (out.kind) {
      case 'paid':
        onDone(out.result.upgradeBundle);
        return;
      case 'stale':
        setRenewed({ reason: out.reason, quote: out.quote, was: quote.totalDue.amount });
        if (!out.quote) requote({ requestPolicy: 'network-only' });
        return;
      case 'declined':
        setPayError(out.error);
        // The declined payment is recorded (SB-13): the history shows it.
        onRefresh();
        return;
      default:
        setPayError(out.error);
    }
  };

  if (quoteResult.error && !quote) {
    return (
      <Stack mt="md">
        <ErrorAlert error={toAppError(quoteResult.error)} onRetry={() => requote({ requestPolicy: 'network-only' })} />
      </Stack>
    );
  }
  if (!quote) return <Loading />;

  return (
    <Stack gap="md" mt="md">
      <Text fw={600}>{t('bundle.wizard.quoteTitle', { cycle: t(`cycle.${input.cycle}`), users: f.number(input.users) })}</Text>
      {renewed && (
        <Alert color="yellow" variant="light" title={t('wizard.quoteRenewed')} role="alert" data-testid="bundle-quote-renewed" data-reason={renewed.reason}>
          <Text size="sm">
            {t(renewed.reason === 'QUOTE_EXPIRED' ? 'bundle.quote.expired' : 'bundle.quote.changed', {
              was: f.money(renewed.was, quote.totalDue.currency),
              now: f.money(quote.totalDue.amount, quote.totalDue.currency),
            })}
          </Text>
        </Alert>
      )}
      <BundleQuoteView quote={quote} />
      {payError && (
        <div data-testid="bundle-pay-error">
          {payError.code === 'PAYMENT_FAILED' ? (
            <Alert color="red" variant="light" title={t('error.PAYMENT_FAILED')} role="alert" data-error-code={payError.code}>
              <Text size="sm">{t('bundle.wizard.declined', { reference: String(payError.details.paymentReference ?? '—') })}</Text>
              <Text size="xs" c="dimmed" mt={4}>
                {payError.message}
              </Text>
            </Alert>
          ) : (
            <ErrorAlert error={payError} />
          )}
        </div>
      )}
      {needsCard && (!card || newCard) ? (
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {card ? t('card.replace') : t('wizard.addCardToPay')}
          </Text>
          <CardForm
            submitLabel={t('card.save')}
            onSaved={(c) => {
              setSaved(c);
              setNewCard(false);
              setPayError(undefined);
              onRefresh();
            }}
            onCancel={card ? () => setNewCard(false) : undefined}
          />
        </Stack>
      ) : (
        needsCard &&
        card && (
          <Group justify="space-between" wrap="wrap">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('wizard.paidWith')}
              </Text>
              <CardLine card={card} />
            </Stack>
            <Button variant="subtle" size="xs" onClick={() => setNewCard(true)} data-testid="bundle-other-card">
              {t('wizard.otherCard')}
            </Button>
          </Group>
        )
      )}
      <Group justify="flex-end">
        <Button onClick={pay} loading={paying} disabled={needsCard && (!card || newCard)} data-testid="bundle-pay">
          {needsCard ? t('wizard.pay', { amount: f.money(quote.totalDue.amount, quote.totalDue.currency) }) : t('bundle.wizard.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}
