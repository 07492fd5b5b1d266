// BU-5: paying the upgrade quote against a mocked upgradeBundle — what is sent (the same
// idempotency key for a retry after a lost answer, a new one after a definite answer or for a new
// quote) and what the wizard is told.
import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import type { BundleUpgradeInput } from '../../../gql/graphql';
import type { Intent } from '../../subscription/utils/billing';
import { payUpgrade, type MutationAnswer, type UpgradeVariables } from './pay';

const INPUT: BundleUpgradeInput = { cycle: 'YEARLY', users: 12 };
const quote = (token: string, amount: number) => ({ token, totalDue: { amount, currency: 'USD' }, lines: [{ kind: 'BUNDLE' }] });
const gqlError = (message: string, extensions: Record<string, unknown>) => new CombinedError({ graphQLErrors: [{ message, extensions }] });

/** A mocked upgradeBundle: answers in turn, records what was sent. */
function server(...answers: MutationAnswer<{ upgradeBundle: { payment: { reference: string } } }>[]) {
  const sent: UpgradeVariables[] = [];
  return {
    sent,
    send: async (vars: UpgradeVariables) => {
      sent.push(vars);
      const a = answers.shift();
      if (!a) throw new Error('no more answers');
      return a;
    },
  };
}

function keys() {
  let n = 0;
  return () => `key-${++n}`;
}

describe('paying the bundle upgrade (BU-5)', () => {
  it('pays the quote shown with its token and one key', async () => {
    const s = server({ data: { upgradeBundle: { payment: { reference: 'PAY-1' } } } });
    const intent = { current: undefined as Intent | undefined };
    const out = await payUpgrade(intent, INPUT, quote('q1', 23530), s.send, keys());
    expect(out).toEqual({ kind: 'paid', result: { upgradeBundle: { payment: { reference: 'PAY-1' } } } });
    expect(s.sent).toEqual([{ input: INPUT, idempotencyKey: 'key-1', quoteToken: 'q1' }]);
    expect(intent.current?.settled).toBe(true);
  });

  it('PAYMENT_FAILED: says declined with the payment reference; the next Pay is a new payment with a new key', async () => {
    const declined = gqlError('card declined', { code: 'PAYMENT_FAILED', paymentReference: 'PAY-9' });
    const s = server({ error: declined }, { data: { upgradeBundle: { payment: { reference: 'PAY-10' } } } });
    const intent = { current: undefined as Intent | undefined };
    const makeKey = keys();
    const first = await payUpgrade(intent, INPUT, quote('q1', 100), s.send, makeKey);
    expect(first.kind).toBe('declined');
    if (first.kind === 'declined') expect(first.error.details.paymentReference).toBe('PAY-9');
    await payUpgrade(intent, INPUT, quote('q1', 100), s.send, makeKey);
    expect(s.sent.map((v) => v.idempotencyKey)).toEqual(['key-1', 'key-2']);
  });

  it('a lost answer (network) is retried with the same key, so the server never charges twice', async () => {
    const lost = new CombinedError({ networkError: new Error('connection reset') });
    const s = server({ error: lost }, { data: { upgradeBundle: { payment: { reference: 'PAY-2' } } } });
    const intent = { current: undefined as Intent | undefined };
    const makeKey = keys();
    expect((await payUpgrade(intent, INPUT, quote('q1', 100), s.send, makeKey)).kind).toBe('error');
    expect((await payUpgrade(intent, INPUT, quote('q1', 100), s.send, makeKey)).kind).toBe('paid');
    expect(s.sent.map((v) => v.idempotencyKey)).toEqual(['key-1', 'key-1']);
  });

  it('a quote that expired or changed: the new quote the server offers, paid next with its own token and key', async () => {
    const fresh = quote('q2', 24000);
    const stale = gqlError('quote expired', { code: 'CONFLICT', reason: 'QUOTE_EXPIRED', quote: fresh });
    const changed = gqlError('quote changed', { code: 'CONFLICT', reason: 'QUOTE_CHANGED' });
    const s = server({ error: stale }, { error: changed });
    const intent = { current: undefined as Intent | undefined };
    const makeKey = keys();
    expect(await payUpgrade(intent, INPUT, quote('q1', 23530), s.send, makeKey)).toEqual({ kind: 'stale', reason: 'QUOTE_EXPIRED', quote: fresh });
    expect(await payUpgrade(intent, INPUT, fresh, s.send, makeKey)).toEqual({ kind: 'stale', reason: 'QUOTE_CHANGED', quote: undefined });
    expect(s.sent.map((v) => [v.quoteToken, v.idempotencyKey])).toEqual([
      ['q1', 'key-1'],
      ['q2', 'key-2'],
    ]);
  });

  it('other refusals are shown as they are', async () => {
    const s = server({ error: gqlError('not an admin', { code: 'FORBIDDEN' }) });
    const out = await payUpgrade({ current: undefined }, INPUT, quote('q1', 1), s.send, keys());
    expect(out.kind === 'error' && out.error.code).toBe('FORBIDDEN');
  });
});
