import type { BundlePageQuery, BundleQuoteFieldsFragment, SuiteBundleFieldsFragment } from '../../gql/graphql';

export type SuiteBundle = SuiteBundleFieldsFragment;
export type Member = SuiteBundle['members'][number];
export type Contract = NonNullable<SuiteBundle['contract']>;
export type BundleQuote = BundleQuoteFieldsFragment;
export type QuoteLine = BundleQuote['lines'][number];
export type Card = NonNullable<BundlePageQuery['currentSubscription']['card']>;
