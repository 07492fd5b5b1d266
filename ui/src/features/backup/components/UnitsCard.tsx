import { Alert, Button, Card as Panel, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { Link } from 'wouter';
import { toAppError, type AppError } from '../../../api/errors';
import { BuyBackupUnitsMutation, DowngradeBackupUnitsMutation } from '../graphql/operations';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Fact } from '../../../components/Fact';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { MAX_UNITS, unitsProblem, type MoneyLike } from '../utils/backup';
import { intentFor, settlesPayment, type Intent } from '../../subscription/utils/billing';
import { useFormat } from '../../../session/useFormat';
import { cardText } from '../utils/labels';
import type { Billing, Card, Summary } from '../types';

/** Backup units (BK-11): how many are left, what one costs, buy more or give unused ones back. */
export function UnitsCard({ summary, billing, onBuy, onGiveBack }: { summary: Summary; billing: Billing; onBuy(): void; onGiveBack(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Panel withBorder radius="md" component="section" aria-labelledby="backup-units-heading" data-testid="backup-units">
      <Stack gap="xs">
        <Text fw={600} id="backup-units-heading">
          {t('backup.units.title')}
        </Text>
        <Fact label={t('backup.units.left')} testId="units-left">
          {f.number(summary.unitsLeft)}
        </Fact>
        <Fact label={t('backup.units.price')}>{f.money(summary.unitPrice.amount, summary.unitPrice.currency)}</Fact>
        <Fact label={t('card.title')}>{billing.card ? cardText(t, billing.card) : t('app.none')}</Fact>
        <Text size="xs" c="dimmed">
          {t('backup.units.explain')}
        </Text>
        <Group gap="sm" mt="xs">
          <Button variant="light" onClick={onBuy} data-testid="buy-units">
            {t('backup.units.buy')}
          </Button>
          <Button variant="subtle" onClick={onGiveBack} disabled={summary.unitsLeft <= 0} data-testid="give-back-units">
            {t('backup.units.giveBack')}
          </Button>
        </Group>
      </Stack>
    </Panel>
  );
}

function SubscriptionLink() {
  const { t } = useI18n();
  return (
    <Group>
      <Button component={Link} href="/subscription" size="xs" variant="light" data-testid="to-subscription">
        {t('backup.units.toSubscription')}
      </Button>
    </Group>
  );
}

/**
 * Buys backup units with the card on file (BK-11). One idempotency key per intended purchase:
 * a retry after a lost answer never charges twice. Without a card, it points to the
 * subscription page, where the card is added.
 */
export function BuyUnitsDialog({
  initialUnits,
  unitPrice,
  card,
  onClose,
  onDone,
  onPaymentFailed,
}: {
  initialUnits: number;
  unitPrice: MoneyLike;
  card: Card | null;
  onClose(): void;
  onDone(): void;
  onPaymentFailed(): void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const mobile = useMediaQuery('(max-width: 36em)');
  const [units, setUnits] = useState<number | string>(Math.max(1, initialUnits));
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<AppError>();
  const [{ fetching }, buy] = useMutation(BuyBackupUnitsMutation);
  const intent = useRef<Intent>(undefined);
  const problem = unitsProblem(units);
  const count = typeof units === 'number' ? units : Number(units);
  const total = problem ? undefined : f.money(count * unitPrice.amount, unitPrice.currency);

  const pay = async () => {
    setTouched(true);
    if (problem || !card) return;
    setError(undefined);
    const it = intentFor(intent.current, `units:${count}`);
    intent.current = it;
    const res = await buy({ units: count, idempotencyKey: it.key });
    if (res.data) {
      it.settled = true;
      const p = res.data.buyBackupUnits.payment;
      toastDone(t(count === 1 ? 'backup.units.boughtOne' : 'backup.units.bought', { units: f.number(count), reference: p?.reference ?? '—' }));
      onDone();
      return;
    }
    const e = toAppError(res.error);
    if (settlesPayment(e.code)) it.settled = true;
    setError(e);
    if (e.code === 'PAYMENT_FAILED') onPaymentFailed();
  };

  return (
    <Modal opened onClose={onClose} title={t('backup.units.buyTitle')} fullScreen={mobile} closeOnClickOutside={false} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="sm" data-testid="buy-units-dialog">
        <NumberInput
          label={t('backup.units.count')}
          description={t('backup.preview.unitPrice', { price: f.money(unitPrice.amount, unitPrice.currency) })}
          value={units}
          onChange={setUnits}
          onBlur={() => setTouched(true)}
          min={1}
          max={MAX_UNITS}
          allowDecimal={false}
          allowNegative={false}
          error={touched && problem ? t(problem.key, problem.params) : undefined}
          data-autofocus
          data-testid="buy-units-count"
        />
        {total && (
          <Text fw={600} data-testid="buy-units-total">
            {t('backup.units.total', { amount: total })}
          </Text>
        )}
        {card ? (
          <Text size="sm">
            {t('backup.units.paidWith')} <span data-testid="buy-units-card">{cardText(t, card)}</span>
          </Text>
        ) : (
          <Alert color="orange" variant="light" data-testid="buy-units-no-card">
            <Stack gap="xs">
              <Text size="sm">{t('backup.units.noCard')}</Text>
              <SubscriptionLink />
            </Stack>
          </Alert>
        )}
        {error && (
          <div data-testid="buy-units-error">
            {error.code === 'PAYMENT_FAILED' ? (
              <Alert color="red" variant="light" title={t('error.PAYMENT_FAILED')} role="alert" data-error-code={error.code}>
                <Stack gap="xs">
                  <Text size="sm">{t('backup.units.declined')}</Text>
                  {error.message && (
                    <Text size="xs" c="dimmed">
                      {error.message}
                    </Text>
                  )}
                  <SubscriptionLink />
                </Stack>
              </Alert>
            ) : (
              <ErrorAlert error={error} />
            )}
          </div>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button onClick={pay} loading={fetching} disabled={!card || problem !== undefined} data-testid="buy-units-pay">
            {total ? t('backup.units.pay', { amount: total }) : t('backup.units.buy')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Gives unused units back (BK-11): their price goes to the account balance. */
export function GiveBackDialog({ unitsLeft, unitPrice, onClose, onDone }: { unitsLeft: number; unitPrice: MoneyLike; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const mobile = useMediaQuery('(max-width: 36em)');
  const [units, setUnits] = useState<number | string>(Math.min(1, unitsLeft));
  const [error, setError] = useState<AppError>();
  const [{ fetching }, downgrade] = useMutation(DowngradeBackupUnitsMutation);
  const problem = unitsProblem(units, Math.max(1, unitsLeft));
  const count = typeof units === 'number' ? units : Number(units);

  const confirm = async () => {
    if (problem) return;
    setError(undefined);
    const res = await downgrade({ units: count });
    if (res.data) {
      const p = res.data.downgradeBackupUnits.payment;
      const refund = p ? f.money(p.amount, p.currency) : f.money(count * unitPrice.amount, unitPrice.currency);
      toastDone(t(count === 1 ? 'backup.units.returnedOne' : 'backup.units.returned', { units: f.number(count), amount: refund }));
      onDone();
      return;
    }
    setError(toAppError(res.error));
  };

  return (
    <Modal opened onClose={onClose} title={t('backup.units.giveBackTitle')} fullScreen={mobile} closeOnClickOutside={false} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="sm" data-testid="give-back-dialog">
        <Text size="sm">{t('backup.units.giveBackBody', { units: f.number(unitsLeft) })}</Text>
        <NumberInput
          label={t('backup.units.count')}
          value={units}
          onChange={setUnits}
          min={1}
          max={Math.max(1, unitsLeft)}
          allowDecimal={false}
          allowNegative={false}
          error={problem ? t(problem.key, problem.params) : undefined}
          data-autofocus
          data-testid="give-back-count"
        />
        {!problem && <Text fw={600}>{t('backup.units.refund', { amount: f.money(count * unitPrice.amount, unitPrice.currency) })}</Text>}
        {error && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={fetching} disabled={problem !== undefined} data-testid="give-back-confirm">
            {t('backup.units.giveBackConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
