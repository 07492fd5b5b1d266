// The paid one-click actions shared by the subscription page and the locked screen: pay the
// outstanding renewal (SB-11, SB-12) and go to the free plan (SB-5).
import { Button, type ButtonProps } from '@mantine/core';
import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { toAppError, type AppError } from '../../../api/errors';
import { RenewNowMutation, SwitchToFreeMutation } from '../graphql/operations';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { toastDone } from '../../../components/toast';
import { useI18n } from '../../../i18n/I18nProvider';
import { intentFor, settlesPayment, type Intent } from '../utils/billing';
import { useFormat } from '../../../session/useFormat';
import type { Overview } from '../types';

/** Pays the renewal now with the card on file; one idempotency key per attempt that got an answer. */
export function RenewNowButton({ overview, onDone, onError, ...props }: { overview: Overview; onDone(): void; onError(e: AppError | undefined): void } & ButtonProps) {
  const { t } = useI18n();
  const f = useFormat();
  const [{ fetching }, renew] = useMutation(RenewNowMutation);
  const intent = useRef<Intent>(undefined);
  const amount = overview.nextRenewalAmount;

  const onClick = async () => {
    onError(undefined);
    const it = intentFor(intent.current, `renew:${overview.periodEnd}`);
    intent.current = it;
    const res = await renew({ idempotencyKey: it.key });
    if (res.data) {
      it.settled = true;
      toastDone(t('renew.done'));
      onDone();
      return;
    }
    const e = toAppError(res.error);
    if (settlesPayment(e.code)) it.settled = true;
    onError(e);
  };

  return (
    <Button onClick={onClick} loading={fetching} data-testid="renew-now" {...props}>
      {amount ? t('renew.payAmount', { amount: f.money(amount.amount, amount.currency) }) : t('renew.pay')}
    </Button>
  );
}

/** Switches to FREE after a confirmation saying what it means. */
export function SwitchToFreeButton({ onDone, onError, ...props }: { onDone(): void; onError(e: AppError | undefined): void } & ButtonProps) {
  const { t } = useI18n();
  const [confirm, setConfirm] = useState(false);
  const [{ fetching }, switchToFree] = useMutation(SwitchToFreeMutation);

  const onConfirm = async () => {
    onError(undefined);
    const res = await switchToFree({});
    setConfirm(false);
    if (res.data) {
      toastDone(t('free.done'));
      onDone();
    } else {
      onError(toAppError(res.error));
    }
  };

  return (
    <>
      <Button onClick={() => setConfirm(true)} data-testid="switch-to-free" {...props}>
        {t('free.switch')}
      </Button>
      <ConfirmDialog opened={confirm} title={t('free.confirmTitle')} confirmLabel={t('free.confirm')} busy={fetching} onConfirm={onConfirm} onCancel={() => setConfirm(false)}>
        {t('free.confirmBody')}
      </ConfirmDialog>
    </>
  );
}
