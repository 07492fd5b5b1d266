import type { PaymentFieldsFragment, PaymentLineFieldsFragment, PlanFieldsFragment, QuoteFieldsFragment, SubscriptionFieldsFragment, SubscriptionPageQuery } from '../../gql/graphql';

export type Overview = SubscriptionFieldsFragment;
export type Plan = PlanFieldsFragment;
export type AddOn = SubscriptionPageQuery['addOns'][number];
export type Quote = QuoteFieldsFragment;
export type Line = PaymentLineFieldsFragment;
export type Payment = PaymentFieldsFragment;
export type Card = NonNullable<Overview['card']>;

/** Everything the subscription page's parts read, loaded by one query. */
export interface BillingData {
  overview: Overview;
  plans: Plan[];
  addOns: AddOn[];
}
