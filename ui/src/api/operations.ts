// Every GraphQL operation the SPA sends. Types come from graphql-codegen (src/gql/), generated
// from ../graph/*.graphqls: run `npm run codegen` after editing this file.
import { graphql } from '../gql';

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    name
    email
    role
    locale
    mustChangePassword
  }
`);

export const OrganizationFields = graphql(`
  fragment OrganizationFields on Organization {
    id
    name
    region
    timeZone
    currency
    status
    createdAt
  }
`);

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    type
    title
    payload
    createdAt
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...ViewerFields
    }
  }
`);

export const OrganizationQuery = graphql(`
  query Organization {
    organization {
      ...OrganizationFields
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        ...ViewerFields
      }
      organization {
        ...OrganizationFields
      }
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      user {
        ...ViewerFields
      }
      organization {
        ...OrganizationFields
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const DashboardQuery = graphql(`
  query Dashboard {
    leads(first: 0) { totalCount }
    contacts(first: 0) { totalCount }
    accounts(first: 0) { totalCount }
    deals(first: 0) { totalCount }
    tasks(first: 0) { totalCount }
    events(first: 0) { totalCount }
    supportCases(first: 0) { totalCount }
    notes(first: 0) { totalCount }
    emails(first: 0) { totalCount }
    attachments(first: 0) { totalCount }
    users(first: 0) { totalCount }
    recordCount
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {
    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          actorID
          actorName
          action
          targetType
          targetID
          summary
          details
        }
      }
    }
  }
`);

export const APITokensQuery = graphql(`
  query APITokens {
    apiTokens(first: 200) {
      totalCount
      edges {
        node {
          id
          name
          prefix
          createdAt
          expiresAt
          lastUsedAt
          revokedAt
        }
      }
    }
  }
`);

export const CreateAPITokenMutation = graphql(`
  mutation CreateAPIToken($input: CreateAPITokenInput!) {
    createAPIToken(input: $input) {
      secret
      token {
        id
        name
        prefix
        createdAt
        expiresAt
      }
    }
  }
`);

export const RevokeAPITokenMutation = graphql(`
  mutation RevokeAPIToken($id: ID!) {
    revokeAPIToken(id: $id) {
      id
      revokedAt
    }
  }
`);

export const UsersQuery = graphql(`
  query Users($first: Int!, $after: Cursor) {
    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          email
          role
          status
          licenseKind
          lastSignInAt
        }
      }
    }
  }
`);

export const RecentNotificationsQuery = graphql(`
  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {
    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          ...NotificationFields
        }
      }
    }
  }
`);

export const NotificationsSubscription = graphql(`
  subscription LiveNotifications {
    notifications {
      ...NotificationFields
    }
  }
`);

export const SendTestNotificationMutation = graphql(`
  mutation SendTestNotification($title: String) {
    sendTestNotification(title: $title)
  }
`);

// ---------------------------------------------------------------------------------------
// Subscription, licenses and billing (graph/billing.graphqls, SPEC SB)

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

export const LicensesQuery = graphql(`
  query Licenses {
    currentSubscription {
      plan {
        code
        name
        maxUsers
      }
      status
      licenses {
        ...LicenseFields
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

export const InviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      temporaryPassword
      user {
        id
        name
        email
        role
        status
        licenseKind
        lastSignInAt
      }
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      status
    }
  }
`);

export const ActivateUserMutation = graphql(`
  mutation ActivateUser($id: ID!) {
    activateUser(id: $id) {
      id
      status
    }
  }
`);

export const DeleteUserMutation = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

// ---------------------------------------------------------------------------------------
// Data backup (graph/backup.graphqls, SPEC BK) and the outbox

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

export const UpdateMyLocaleMutation = graphql(`
  mutation UpdateMyLocale($locale: String!) {
    updateMe(input: { locale: $locale }) {
      id
      locale
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

export const OutboxQuery = graphql(`
  query Outbox($first: Int!, $after: Cursor) {
    outbox(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          to
          subject
          kind
          status
          sentAt
          attempts
          error
        }
      }
    }
  }
`);

export const OutboxBodyQuery = graphql(`
  query OutboxBody($id: ID!) {
    node(id: $id) {
      ... on MailMessage {
        id
        body
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const UpdateMyNameMutation = graphql(`
  mutation UpdateMyName($name: String!) {
    updateMe(input: { name: $name }) {
      ...ViewerFields
    }
  }
`);

export const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`);
