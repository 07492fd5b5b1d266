// Subscription, licenses and billing (graph/billing.graphqls, SPEC SB).
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const MoneyFields = graphql(`
  fragment MoneyFields on Money {
    amount
    currency
  }
`);

export const PlanFields = graphql(`
  fragment PlanFields on Plan {
    code
    name
    rank
    maxUsers
    recordLimit
    storageGB
    freeBackupsPerMonth
    features
    monthlyPrice {
      ...MoneyFields
    }
    yearlyPrice {
      ...MoneyFields
    }
    teamMonthlyPrice {
      ...MoneyFields
    }
    teamYearlyPrice {
      ...MoneyFields
    }
  }
`);

export const LicenseFields = graphql(`
  fragment LicenseFields on LicenseUsage {
    kind
    purchased
    held
    active
    free
  }
`);

export const SubscriptionFields = graphql(`
  fragment SubscriptionFields on SubscriptionOverview {
    plan {
      code
      name
      rank
      maxUsers
    }
    effectivePlan {
      code
      name
      rank
      recordLimit
      storageGB
    }
    status
    cycle
    currency
    periodStart
    periodEnd
    nextRenewalAt
    nextRenewalAmount {
      ...MoneyFields
    }
    balance {
      ...MoneyFields
    }
    licenses {
      ...LicenseFields
    }
    addOns {
      code
      quantity
    }
    backupUnits
    trial {
      plan
      startedAt
      endsAt
    }
    triedPlans
    graceEndsAt
    retriesDone
    lastFailure
    lockedAt
    downgradeAt
    card {
      brand
      last4
      expMonth
      expYear
      addedAt
    }
    records
  }
`);

export const PaymentLineFields = graphql(`
  fragment PaymentLineFields on PaymentLine {
    kind
    product
    code
    licenseKind
    description
    quantity
    unitAmount
    seconds
    periodSeconds
    amount
  }
`);

export const QuoteFields = graphql(`
  fragment QuoteFields on Quote {
    lines {
      ...PaymentLineFields
    }
    subtotal {
      ...MoneyFields
    }
    creditApplied {
      ...MoneyFields
    }
    totalDue {
      ...MoneyFields
    }
    newBalance {
      ...MoneyFields
    }
    plan
    cycle
    regularLicenses
    teamLicenses
    addOns {
      code
      quantity
    }
    backupUnits
    periodStart
    periodEnd
    quotedAt
    validUntil
    token
  }
`);

export const PaymentFields = graphql(`
  fragment PaymentFields on Payment {
    id
    createdAt
    reference
    kind
    status
    source
    amount
    balanceApplied
    currency
    product
    plan
    description
    cardBrand
    cardLast4
    failureReason
    lines {
      ...PaymentLineFields
    }
  }
`);

export const SubscriptionPageQuery = graphql(`
  query SubscriptionPage {
    currentSubscription {
      ...SubscriptionFields
    }
    plans {
      ...PlanFields
    }
    addOns {
      code
      name
      kind
      unit
      maxQuantity
      paidPlansOnly
      price {
        ...MoneyFields
      }
    }
  }
`);

export const QuoteChangeQuery = graphql(`
  query QuoteChange($input: SubscriptionChangeInput!) {
    quoteChange(input: $input) {
      ...QuoteFields
    }
  }
`);

export const PaymentsQuery = graphql(`
  query Payments($first: Int!, $after: Cursor, $where: PaymentWhereInput) {
    payments(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...PaymentFields
        }
      }
    }
  }
`);

export const ChangeSubscriptionMutation = graphql(`
  mutation ChangeSubscription($input: SubscriptionChangeInput!, $idempotencyKey: String!, $quoteToken: String) {
    changeSubscription(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {
      subscription {
        ...SubscriptionFields
      }
      quote {
        ...QuoteFields
      }
      payment {
        ...PaymentFields
      }
    }
  }
`);

export const StartTrialMutation = graphql(`
  mutation StartTrial($plan: String!) {
    startTrial(plan: $plan) {
      ...SubscriptionFields
    }
  }
`);

export const SwitchToFreeMutation = graphql(`
  mutation SwitchToFree {
    switchToFree {
      subscription {
        ...SubscriptionFields
      }
      payment {
        ...PaymentFields
      }
    }
  }
`);

export const RenewNowMutation = graphql(`
  mutation RenewNow($idempotencyKey: String!) {
    renewNow(idempotencyKey: $idempotencyKey) {
      subscription {
        ...SubscriptionFields
      }
      payment {
        ...PaymentFields
      }
    }
  }
`);

export const SetPaymentMethodMutation = graphql(`
  mutation SetPaymentMethod($card: CardInput!) {
    setPaymentMethod(card: $card) {
      brand
      last4
      expMonth
      expYear
      addedAt
    }
  }
`);

export const RemovePaymentMethodMutation = graphql(`
  mutation RemovePaymentMethod {
    removePaymentMethod
  }
`);
