import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { ChangeSubscriptionMutation, QuoteChangeQuery } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { useI18n } from '../../../i18n/I18nProvider';
import { intentFor, payingFor, QUOTE_VALID_MINUTES, settlesPayment, staleQuote, toChangeInput, type Intent, type StaleReason } from '../utils/billing';
import { useFormat } from '../../../session/useFormat';
import { CardForm } from './CardForm';
import { CardLine } from './CardSection';
import { planName } from '../utils/labels';
import { QuoteView } from './QuoteView';
import type { BillingData, Card, Quote } from '../types';
import { type ChangeOutcome } from './ChangeWizard';

/**
 * The third step: the quote from the server, the card, and Pay. onRefresh reads the page's data
 * again after something the rest of the page shows changed (a card saved, a payment that failed).
 */
export function Review({ data, input, onDone, onRefresh }: { data: BillingData; input: ReturnType<typeof toChangeInput>; onDone(r: ChangeOutcome): void; onRefresh(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  // The card just saved here shows at once, before the page has read the subscription again.
  const [saved, setSaved] = useState<Card>();
  const card = saved ?? data.overview.card;
  const [quoteResult, requote] = useQuery({ query: QuoteChangeQuery, variables: { input }, requestPolicy: 'network-only' });
  const [{ fetching: paying }, change] = useMutation(ChangeSubscriptionMutation);
  const [payError, setPayError] = useState<AppError>();
  const [newCard, setNewCard] = useState(false);
  const intent = useRef<Intent>(undefined);
  // A quote is a promise (issue 17 item 3): Pay sends the token of the quote shown, and the
  // server charges exactly its total or refuses it; then the new quote it offers is shown.
  const [renewed, setRenewed] = useState<{ reason: StaleReason; quote?: Quote; was: number }>();

  const quote = renewed?.quote ?? quoteResult.data?.quoteChange;
  const needsCard = (quote?.totalDue.amount ?? 0) > 0;

  const pay = async () => {
    if (!quote) return;
    setPayError(undefined);
    const it = intentFor(intent.current, payingFor(input, quote.token));
    intent.current = it;
    const res = await change({ input, idempotencyKey: it.key, quoteToken: quote.token ?? null });
    if (res.data) {
      it.settled = true;
      onDone(res.data.changeSubscription);
      return;
    }
    const e = toAppError(res.error);
    if (settlesPayment(e.code)) it.settled = true;
    const stale = staleQuote<Quote>(e);
    if (stale) {
      setRenewed({ reason: stale.reason, quote: stale.quote, was: quote.totalDue.amount });
      if (!stale.quote) requote({ requestPolicy: 'network-only' });
      return;
    }
    setPayError(e);
    // A declined payment is recorded (SB-13): the history shows it.
    if (e.code === 'PAYMENT_FAILED') onRefresh();
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
      <Text fw={600}>
        {t('wizard.quoteTitle', {
          plan: planName(t, quote.plan),
          cycle: t(`cycle.${quote.cycle}`),
          regular: f.number(quote.regularLicenses),
          team: f.number(quote.teamLicenses),
        })}
      </Text>
      {renewed && (
        <Alert color="yellow" variant="light" title={t('wizard.quoteRenewed')} role="alert" data-testid="quote-renewed" data-reason={renewed.reason}>
          <Text size="sm">
            {t(renewed.reason === 'QUOTE_EXPIRED' ? 'wizard.quoteExpired' : 'wizard.quoteChanged', {
              was: f.money(renewed.was, quote.totalDue.currency),
              now: f.money(quote.totalDue.amount, quote.totalDue.currency),
              minutes: f.number(QUOTE_VALID_MINUTES),
            })}
          </Text>
        </Alert>
      )}
      <QuoteView quote={quote} />
      {quote.validUntil && (
        <Text size="xs" c="dimmed" data-testid="quote-valid-until">
          {t('wizard.quoteValidUntil', { time: f.dateTime(quote.validUntil), minutes: f.number(QUOTE_VALID_MINUTES) })}
        </Text>
      )}
      {payError && (
        <div data-testid="pay-error">
          {payError.code === 'PAYMENT_FAILED' ? (
            <Alert color="red" variant="light" title={t('error.PAYMENT_FAILED')} role="alert" data-error-code={payError.code}>
              <Text size="sm">{t('wizard.declined', { reference: String(payError.details.paymentReference ?? '—') })}</Text>
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
            <Button variant="subtle" size="xs" onClick={() => setNewCard(true)} data-testid="wizard-other-card">
              {t('wizard.otherCard')}
            </Button>
          </Group>
        )
      )}
      <Group justify="flex-end">
        <Button onClick={pay} loading={paying} disabled={needsCard && (!card || newCard)} data-testid="wizard-pay">
          {needsCard ? t('wizard.pay', { amount: f.money(quote.totalDue.amount, quote.totalDue.currency) }) : t('wizard.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}
