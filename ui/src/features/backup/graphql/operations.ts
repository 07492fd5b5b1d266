// Data backup (graph/backup.graphqls, SPEC BK).
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const BackupScheduleFields = graphql(`
  fragment BackupScheduleFields on BackupSchedule {
    id
    repeatType
    weekday
    dayOfMonth
    weekOfMonth
    startDate
    hour
    status
    nextRunAt
    createdByName
    createdAt
  }
`);

export const BackupFileFields = graphql(`
  fragment BackupFileFields on BackupFile {
    id
    kind
    part
    name
    size
    downloadUrl
    expiresAt
  }
`);

export const BackupRunFields = graphql(`
  fragment BackupRunFields on BackupRun {
    id
    createdAt
    repeatType
    slotAt
    state
    cover
    recordsDone
    recordsTotal
    records
    attachments
    totalBytes
    error
    requestedByName
    queuedAt
    startedAt
    archivedAt
    readyAt
    expiresAt
    endedAt
    files {
      ...BackupFileFields
    }
  }
`);

export const BackupCostPreviewFields = graphql(`
  fragment BackupCostPreviewFields on BackupCostPreview {
    description
    months {
      month
      runs
      free
      addOn
      unitsNeeded
      cost {
        ...MoneyFields
      }
      fromOwned
      toBuy
      amountDue {
        ...MoneyFields
      }
    }
    unitPrice {
      ...MoneyFields
    }
    total {
      ...MoneyFields
    }
    unitsNeeded
    unitsOwned
    amountDue {
      ...MoneyFields
    }
  }
`);

export const BackupPageQuery = graphql(`
  query BackupPage {
    backupSummary {
      schedule {
        ...BackupScheduleFields
      }
      description
      nextBackupAt
      lastRun {
        id
        state
        slotAt
        repeatType
      }
      inProgress {
        id
        state
      }
      month
      freeBackupsPerMonth
      freeBackupsUsed
      freeBackupsLeft
      unitsLeft
      weeklyAddOn
      unitPrice {
        ...MoneyFields
      }
      records
      estimatedSeconds
      estimateMeasured
      timeZone
      backupNow {
        cover
        nextRunAt
        nextRunCoverBefore
        nextRunCoverAfter
        warnNextRun
      }
    }
    currentSubscription {
      plan {
        code
        name
      }
      status
      balance {
        ...MoneyFields
      }
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

export const BackupRunsQuery = graphql(`
  query BackupRuns($first: Int!, $after: Cursor) {
    backupRuns(first: $first, after: $after, orderBy: { field: SLOT_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...BackupRunFields
        }
      }
    }
  }
`);

export const BackupCostPreviewQuery = graphql(`
  query BackupCostPreview($input: BackupScheduleInput!, $months: Int) {
    backupCostPreview(input: $input, months: $months) {
      ...BackupCostPreviewFields
    }
  }
`);

export const BackupLogQuery = graphql(`
  query BackupLog($first: Int!, $after: Cursor) {
    backupLog(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          actorName
          action
          summary
          details
        }
      }
    }
  }
`);

// A run just made has no files yet: its answer does not ask for them (the page reads the list again).
export const ScheduleBackupMutation = graphql(`
  mutation ScheduleBackup($input: BackupScheduleInput!) {
    scheduleBackup(input: $input) {
      schedule {
        ...BackupScheduleFields
      }
      run {
        id
        state
      }
    }
  }
`);

// Issue 17 item 7: change the active schedule without stopping it.
export const UpdateBackupScheduleMutation = graphql(`
  mutation UpdateBackupSchedule($input: BackupScheduleInput!) {
    updateBackupSchedule(input: $input) {
      schedule {
        ...BackupScheduleFields
      }
    }
  }
`);

export const BackupNowMutation = graphql(`
  mutation BackupNow {
    backupNow {
      id
      state
      slotAt
      repeatType
    }
  }
`);

export const StopBackupScheduleMutation = graphql(`
  mutation StopBackupSchedule {
    stopBackupSchedule {
      schedule {
        id
        status
      }
      cancelledRuns
      stillRunning
      nextBackupWouldHaveBeen
      weeklyAddOnActive
      message
    }
  }
`);

export const CancelBackupRunMutation = graphql(`
  mutation CancelBackupRun($id: ID!) {
    cancelBackupRun(id: $id) {
      ...BackupRunFields
    }
  }
`);

export const BuyBackupUnitsMutation = graphql(`
  mutation BuyBackupUnits($units: Int!, $idempotencyKey: String!) {
    buyBackupUnits(units: $units, idempotencyKey: $idempotencyKey) {
      subscription {
        backupUnits
      }
      payment {
        reference
        amount
        currency
      }
    }
  }
`);

export const DowngradeBackupUnitsMutation = graphql(`
  mutation DowngradeBackupUnits($units: Int!) {
    downgradeBackupUnits(units: $units) {
      subscription {
        backupUnits
        balance {
          ...MoneyFields
        }
      }
      payment {
        reference
        amount
        currency
      }
    }
  }
`);

export const BackupEventsSubscription = graphql(`
  subscription BackupEvents {
    backupEvents {
      type
      title
      runId
      scheduleId
      state
      recordsDone
      recordsTotal
      at
      notificationId
      run {
        ...BackupRunFields
      }
    }
  }
`);
