import { Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Stack, Stepper, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useRef, useState } from 'react';
import type { BillingCycle } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Problem } from '../../../lib/validation';
import { useFormat } from '../../../session/useFormat';
import type { Intent } from '../../subscription/utils/billing';
import type { Card, SuiteBundle } from '../types';
import { BUNDLE_ADD_ONS, hasProblems, initialUpgrade, MAX_USERS, toUpgradeInput, upgradeProblems, type UpgradeState } from '../utils/bundle';
import { bundleAddOnName } from '../utils/labels';
import { UpgradeReview, type UpgradeOutcome } from './UpgradeReview';

const toCount = (v: string | number) => (typeof v === 'number' ? v : v.trim() === '' ? 0 : Number(v));

/**
 * Upgrading to the bundle (BU-5) in two steps: billing cycle, users and add-ons; then the
 * server's itemised quote (the bundle's price, a credit per member subscription) and Pay.
 * Each opening of the wizard is one attempt: its payments share one idempotency key until the
 * server gives a definite answer.
 */
export function UpgradeWizard({ bundle, card, onClose, onDone, onRefresh }: { bundle: SuiteBundle; card: Card | null; onClose(): void; onDone(r: UpgradeOutcome): void; onRefresh(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const mobile = useMediaQuery('(max-width: 48em)');
  const [step, setStep] = useState(0);
  const [w, setW] = useState<UpgradeState>(() => initialUpgrade(bundle));
  // This attempt's payment intent: it outlives going back to the first step and returning.
  const intent = useRef<Intent>(undefined);
  const problems = upgradeProblems(w);
  const input = useMemo(() => toUpgradeInput(w), [w]);
  const set = <K extends keyof UpgradeState>(k: K, v: UpgradeState[K]) => setW((s) => ({ ...s, [k]: v }));
  const text = (p: Problem) => (p ? t(p.key, p.params) : undefined);

  return (
    <Modal opened onClose={onClose} title={t('bundle.wizard.title')} size="xl" fullScreen={mobile} closeOnClickOutside={false} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stepper active={step} onStepClick={setStep} allowNextStepsSelect={false} size="sm" data-testid="bundle-wizard">
        <Stepper.Step label={t('bundle.wizard.step.choose')}>
          <Stack gap="md" mt="md">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="bundle-cycle-label">
                {t('wizard.cycle')}
              </Text>
              <SegmentedControl
                value={w.cycle}
                onChange={(v) => set('cycle', v as BillingCycle)}
                data={[
                  { value: 'MONTHLY', label: t('cycle.MONTHLY') },
                  { value: 'YEARLY', label: t('cycle.YEARLY') },
                ]}
                aria-labelledby="bundle-cycle-label"
                data-testid="bundle-wizard-cycle"
              />
            </Stack>
            <NumberInput
              label={t('bundle.wizard.users')}
              description={t('bundle.wizard.usersHint', { max: f.number(MAX_USERS) })}
              value={w.users}
              onChange={(v) => set('users', toCount(v))}
              min={1}
              max={MAX_USERS}
              allowDecimal={false}
              allowNegative={false}
              error={text(problems.users)}
              maw={320}
              data-testid="bundle-wizard-users"
            />
            <Checkbox.Group value={w.addOns} onChange={(v) => set('addOns', v)} label={t('bundle.wizard.addOns')} description={t('bundle.wizard.addOnsHint')} error={text(problems.addOns)}>
              <Stack gap="xs" mt="xs">
                {BUNDLE_ADD_ONS.map((code) => (
                  <Checkbox key={code} value={code} label={bundleAddOnName(t, code)} data-testid={`bundle-wizard-addon-${code}`} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Text size="xs" c="dimmed">
              {t('bundle.wizard.creditsExplained')}
            </Text>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('bundle.wizard.step.review')}>
          {step === 1 && <UpgradeReview input={input} intent={intent} card={card} onDone={onDone} onRefresh={onRefresh} />}
        </Stepper.Step>
      </Stepper>

      <Group justify="space-between" mt="lg">
        <Button variant="default" onClick={step === 0 ? onClose : () => setStep(0)}>
          {step === 0 ? t('app.cancel') : t('wizard.back')}
        </Button>
        {step === 0 && (
          <Button onClick={() => setStep(1)} disabled={hasProblems(problems)} data-testid="bundle-wizard-next">
            {t('wizard.toQuote')}
          </Button>
        )}
      </Group>
    </Modal>
  );
}
