// Suite bundle (graph/bundle.graphqls, SPEC BU, issue 14 §2).
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const BundleUserFields = graphql(`
  fragment BundleUserFields on User {
    id
    name
    email
  }
`);

export const SuiteBundleFields = graphql(`
  fragment SuiteBundleFields on SuiteBundle {
    state
    members {
      service
      name
      hasFreeEdition
      access
      subscription {
        id
        service
        superAdmin {
          ...BundleUserFields
        }
        cycle
        users
        periodStart
        periodEnd
        paid {
          ...MoneyFields
        }
        endedAt
      }
    }
    trialStartedAt
    trialEndsAt
    daysLeft
    canExtend
    extensionDays
    canStartTrial
    blockers {
      service
      superAdmin {
        ...BundleUserFields
      }
    }
    contract {
      id
      cycle
      users
      addOns
      startedAt
      periodEnd
      price {
        ...MoneyFields
      }
    }
  }
`);

export const BundleQuoteFields = graphql(`
  fragment BundleQuoteFields on BundleQuote {
    token
    expiresAt
    lines {
      kind
      service
      description
      amount {
        ...MoneyFields
      }
      from
      to
    }
    totalDue {
      ...MoneyFields
    }
    toBalance {
      ...MoneyFields
    }
  }
`);

export const BundlePageQuery = graphql(`
  query BundlePage {
    suiteBundle {
      ...SuiteBundleFields
    }
    currentSubscription {
      currency
      card {
        brand
        last4
        expMonth
        expYear
        addedAt
      }
    }
  }
`);

export const QuoteBundleUpgradeQuery = graphql(`
  query QuoteBundleUpgrade($input: BundleUpgradeInput!) {
    quoteBundleUpgrade(input: $input) {
      ...BundleQuoteFields
    }
  }
`);

export const StartBundleTrialMutation = graphql(`
  mutation StartBundleTrial {
    startBundleTrial {
      ...SuiteBundleFields
    }
  }
`);

export const ExtendBundleTrialMutation = graphql(`
  mutation ExtendBundleTrial {
    extendBundleTrial {
      ...SuiteBundleFields
    }
  }
`);

export const CancelBundleMutation = graphql(`
  mutation CancelBundle {
    cancelBundle {
      ...SuiteBundleFields
    }
  }
`);

export const UpgradeBundleMutation = graphql(`
  mutation UpgradeBundle($input: BundleUpgradeInput!, $idempotencyKey: String!, $quoteToken: String) {
    upgradeBundle(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {
      bundle {
        ...SuiteBundleFields
      }
      payment {
        id
        reference
        status
        amount
        currency
      }
    }
  }
`);
