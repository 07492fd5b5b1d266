// Paying a bundle upgrade quote (BU-5): one idempotency key per wizard attempt, the server's
// answer read into what the wizard shows. No React here: pay.test.ts drives it with a mocked
// GraphQL answer.
import { toAppError, type AppError } from '../../../api/errors';
import type { BundleUpgradeInput } from '../../../gql/graphql';
import { intentFor, newIdempotencyKey, settlesPayment, staleQuote, type Intent, type StaleReason } from '../../subscription/utils/billing';

export interface QuoteToPay {
  token: string;
  totalDue: { amount: number; currency: string };
  lines: unknown[];
}

/** upgradeBundle's variables. */
export interface UpgradeVariables {
  input: BundleUpgradeInput;
  idempotencyKey: string;
  quoteToken: string | null;
}

/** What urql's executeMutation resolves to (data or a CombinedError). */
export interface MutationAnswer<R> {
  data?: R | null;
  error?: unknown;
}

export type PayOutcome<R, Q> =
  | { kind: 'paid'; result: R }
  /** PAYMENT_FAILED: the card was declined; nothing changed (BU-5). */
  | { kind: 'declined'; error: AppError }
  /** The quote expired or no longer holds: the new quote, when the server sent one. */
  | { kind: 'stale'; reason: StaleReason; quote?: Q }
  | { kind: 'error'; error: AppError };

/** What a payment attempt pays for: the wizard's input and the quote shown (a new quote is a new attempt). */
export const attemptOf = (input: BundleUpgradeInput, token: string) => JSON.stringify({ input, quote: token });

/**
 * Pays `quote` for `input`. The key is generated once per attempt and sent again, unchanged,
 * when the answer was lost (NETWORK, INTERNAL: the server replays the first answer and never
 * charges twice); a definite answer (paid, declined, stale quote) settles the attempt, so the
 * next Pay — after a new card or a new quote — is a new payment with a new key.
 */
export async function payUpgrade<R, Q extends QuoteToPay>(
  intent: { current: Intent | undefined },
  input: BundleUpgradeInput,
  quote: Q,
  send: (vars: UpgradeVariables) => Promise<MutationAnswer<R>>,
  makeKey: () => string = newIdempotencyKey,
): Promise<PayOutcome<R, Q>> {
  const it = intentFor(intent.current, attemptOf(input, quote.token), makeKey);
  intent.current = it;
  const res = await send({ input, idempotencyKey: it.key, quoteToken: quote.token });
  if (res.data) {
    it.settled = true;
    return { kind: 'paid', result: res.data };
  }
  const e = toAppError(res.error);
  if (settlesPayment(e.code)) it.settled = true;
  const stale = staleQuote<Q>(e);
  if (stale) return { kind: 'stale', reason: stale.reason, quote: stale.quote };
  if (e.code === 'PAYMENT_FAILED') return { kind: 'declined', error: e };
  return { kind: 'error', error: e };
}
