import { Alert, Badge, Button, Group, Modal, NumberInput, Radio, SegmentedControl, Stack, Stepper, Switch, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { BillingCycle, ChangeSubscriptionMutation as ChangeResult } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { hasProblems, initialWizard, isNoChange, isPaid, license, MAX_QUANTITY, pricePerUser, toChangeInput, wizardProblems, yearlySavingPercent, type WizardState } from '../utils/billing';
import type { Problem } from '../../../lib/validation';
import { useFormat } from '../../../session/useFormat';
import { addOnName, planName, unitName } from '../utils/labels';
import type { BillingData } from '../types';
import { Review } from './ChangeWizardReview';

export type ChangeOutcome = ChangeResult['changeSubscription'];

const toCount = (v: string | number) => (typeof v === 'number' ? v : v.trim() === '' ? 0 : Number(v));

/**
 * Changing plan, cycle, licenses and add-ons (SB-3) in three steps: choose, adjust, then the
 * server's quote — lines, credit, total — before anything is paid. Paying sends one
 * idempotency key per intended change, so a retry after a lost answer never charges twice.
 */
export function ChangeWizard({ data, plan, onClose, onDone, onRefresh }: { data: BillingData; plan?: string; onClose(): void; onDone(result: ChangeOutcome): void; onRefresh(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const mobile = useMediaQuery('(max-width: 48em)');
  const { overview: ov, plans, addOns } = data;
  const paidPlans = useMemo(() => plans.filter(isPaid).sort((a, b) => a.rank - b.rank), [plans]);
  const currentPlan = plans.find((p) => p.code === ov.plan.code);
  const currentIsPaid = currentPlan ? isPaid(currentPlan) : false;
  const start = plan ?? (currentIsPaid ? ov.plan.code : (paidPlans.find((p) => p.rank > ov.plan.rank) ?? paidPlans[0])?.code ?? ov.plan.code);

  const [step, setStep] = useState(0);
  const [w, setW] = useState<WizardState>(() => initialWizard(ov, start, currentIsPaid));
  const chosen = plans.find((p) => p.code === w.plan);
  const problems = wizardProblems(w, ov, chosen, addOns);
  const unchanged = isNoChange(w, ov, addOns);
  const input = useMemo(() => toChangeInput(w, ov, addOns), [w, ov, addOns]);

  const set = <K extends keyof WizardState>(k: K, v: WizardState[K]) => setW((s) => ({ ...s, [k]: v }));
  const text = (p: Problem) => (p ? t(p.key, p.params) : undefined);

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('wizard.title')}
      size="xl"
      fullScreen={mobile}
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      <Stepper active={step} onStepClick={setStep} allowNextStepsSelect={false} size="sm" data-testid="wizard">
        <Stepper.Step label={t('wizard.step.plan')}>
          <Stack gap="md" mt="md">
            <SegmentedControl
              value={w.cycle}
              onChange={(v) => set('cycle', v as BillingCycle)}
              data={[
                { value: 'MONTHLY', label: t('cycle.MONTHLY') },
                { value: 'YEARLY', label: t('cycle.YEARLY') },
              ]}
              aria-label={t('wizard.cycle')}
              data-testid="wizard-cycle"
            />
            <Radio.Group value={w.plan} onChange={(v) => set('plan', v)} label={t('wizard.choosePlan')} name="plan">
              <Stack gap="xs" mt="xs">
                {paidPlans.map((p) => {
                  const saving = yearlySavingPercent(p);
                  return (
                    <Radio.Card key={p.code} value={p.code} radius="md" p="sm" data-testid={`wizard-plan-${p.code}`}>
                      <Group wrap="nowrap" align="flex-start">
                        <Radio.Indicator />
                        <Stack gap={2} style={{ flex: 1 }}>
                          <Group gap="xs">
                            <Text fw={600}>{planName(t, p.code, p.name)}</Text>
                            {p.code === ov.plan.code && (
                              <Badge size="sm" variant="light">
                                {t('plans.current')}
                              </Badge>
                            )}
                          </Group>
                          <Text size="sm" c="dimmed">
                            {t('plans.perUserMonth', { price: f.money(pricePerUser(p, w.cycle).amount, pricePerUser(p, w.cycle).currency) })}
                            {w.cycle === 'YEARLY' && saving > 0 ? ` · ${t('plans.save', { percent: saving })}` : ''}
                          </Text>
                        </Stack>
                      </Group>
                    </Radio.Card>
                  );
                })}
              </Stack>
            </Radio.Group>
            {w.cycle !== ov.cycle && currentIsPaid && (
              <Text size="sm" c="dimmed">
                {t('wizard.cycleChange')}
              </Text>
            )}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={t('wizard.step.licenses')}>
          <Stack gap="md" mt="md">
            <Group grow align="flex-start" wrap="wrap">
              <NumberInput
                label={t('wizard.regular')}
                description={
                  chosen
                    ? t('wizard.licenseHint', { held: license(ov, 'REGULAR').held, price: f.money(pricePerUser(chosen, w.cycle, 'REGULAR').amount, pricePerUser(chosen, w.cycle).currency) })
                    : undefined
                }
                value={w.regular}
                onChange={(v) => set('regular', toCount(v))}
                min={1}
                max={MAX_QUANTITY}
                allowDecimal={false}
                allowNegative={false}
                error={text(problems.regular)}
                miw={220}
                data-testid="wizard-regular"
              />
              <NumberInput
                label={t('wizard.team')}
                description={
                  chosen
                    ? t('wizard.licenseHint', { held: license(ov, 'TEAM').held, price: f.money(pricePerUser(chosen, w.cycle, 'TEAM').amount, pricePerUser(chosen, w.cycle).currency) })
                    : undefined
                }
                value={w.team}
                onChange={(v) => set('team', toCount(v))}
                min={0}
                max={MAX_QUANTITY}
                allowDecimal={false}
                allowNegative={false}
                error={text(problems.team)}
                miw={220}
                data-testid="wizard-team"
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('wizard.teamExplained')}
            </Text>
            <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Text component="legend" fw={600} size="sm" mb={4}>
                {t('wizard.addOns')}
              </Text>
              {addOns
                .filter((a) => a.kind === 'RECURRING')
                .map((a) => {
                  const price = f.money(a.price.amount, a.price.currency);
                  const name = addOnName(t, a.code, a.name);
                  return a.maxQuantity === 1 ? (
                    <Switch
                      key={a.code}
                      label={name}
                      description={t('wizard.addOnMonthly', { price })}
                      checked={(w.addOns[a.code] ?? 0) > 0}
                      onChange={(e) => set('addOns', { ...w.addOns, [a.code]: e.currentTarget.checked ? 1 : 0 })}
                      data-testid={`wizard-addon-${a.code}`}
                    />
                  ) : (
                    <NumberInput
                      key={a.code}
                      label={t('wizard.addOnUnits', { name, unit: unitName(t, a.unit) })}
                      description={t('wizard.addOnPerUnit', { price, unit: unitName(t, a.unit) })}
                      value={w.addOns[a.code] ?? 0}
                      onChange={(v) => set('addOns', { ...w.addOns, [a.code]: toCount(v) })}
                      min={0}
                      max={a.maxQuantity || MAX_QUANTITY}
                      allowDecimal={false}
                      allowNegative={false}
                      maw={320}
                      data-testid={`wizard-addon-${a.code}`}
                    />
                  );
                })}
              {addOns
                .filter((a) => a.kind === 'ONE_TIME')
                .slice(0, 1)
                .map((a) => (
                  <NumberInput
                    key={a.code}
                    label={t('wizard.backupUnits')}
                    description={t('wizard.backupUnitsHint', { price: f.money(a.price.amount, a.price.currency) })}
                    value={w.backupUnits}
                    onChange={(v) => set('backupUnits', toCount(v))}
                    min={0}
                    max={MAX_QUANTITY}
                    allowDecimal={false}
                    allowNegative={false}
                    error={text(problems.backupUnits)}
                    maw={320}
                    data-testid="wizard-backup-units"
                  />
                ))}
              {problems.addOns && (
                <Text size="sm" c="red" role="alert">
                  {text(problems.addOns)}
                </Text>
              )}
            </Stack>
            {unchanged && (
              <Alert variant="light" color="gray" data-testid="wizard-unchanged">
                {t('wizard.unchanged')}
              </Alert>
            )}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={t('wizard.step.review')}>
          {step === 2 && <Review data={data} input={input} onDone={onDone} onRefresh={onRefresh} />}
        </Stepper.Step>
      </Stepper>

      {step < 2 && (
        <Group justify="space-between" mt="lg">
          <Button variant="default" onClick={step === 0 ? onClose : () => setStep(step - 1)}>
            {step === 0 ? t('app.cancel') : t('wizard.back')}
          </Button>
          <Button
            onClick={() => setStep(step + 1)}
            disabled={step === 1 && (hasProblems(problems) || unchanged)}
            data-testid="wizard-next"
          >
            {step === 0 ? t('wizard.next') : t('wizard.toQuote')}
          </Button>
        </Group>
      )}
      {step === 2 && (
        <Group mt="lg">
          <Button variant="default" onClick={() => setStep(1)}>
            {t('wizard.back')}
          </Button>
        </Group>
      )}
    </Modal>
  );
}
