/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorID\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  fragment BackupScheduleFields on BackupSchedule {\n    id\n    repeatType\n    weekday\n    dayOfMonth\n    weekOfMonth\n    startDate\n    hour\n    status\n    nextRunAt\n    createdByName\n    createdAt\n  }\n": typeof types.BackupScheduleFieldsFragmentDoc,
    "\n  fragment BackupFileFields on BackupFile {\n    id\n    kind\n    part\n    name\n    size\n    downloadUrl\n    expiresAt\n  }\n": typeof types.BackupFileFieldsFragmentDoc,
    "\n  fragment BackupRunFields on BackupRun {\n    id\n    createdAt\n    repeatType\n    slotAt\n    state\n    cover\n    recordsDone\n    recordsTotal\n    records\n    attachments\n    totalBytes\n    error\n    requestedByName\n    queuedAt\n    startedAt\n    archivedAt\n    readyAt\n    expiresAt\n    endedAt\n    files {\n      ...BackupFileFields\n    }\n  }\n": typeof types.BackupRunFieldsFragmentDoc,
    "\n  fragment BackupCostPreviewFields on BackupCostPreview {\n    description\n    months {\n      month\n      runs\n      free\n      addOn\n      unitsNeeded\n      cost {\n        ...MoneyFields\n      }\n      fromOwned\n      toBuy\n      amountDue {\n        ...MoneyFields\n      }\n    }\n    unitPrice {\n      ...MoneyFields\n    }\n    total {\n      ...MoneyFields\n    }\n    unitsNeeded\n    unitsOwned\n    amountDue {\n      ...MoneyFields\n    }\n  }\n": typeof types.BackupCostPreviewFieldsFragmentDoc,
    "\n  query BackupPage {\n    backupSummary {\n      schedule {\n        ...BackupScheduleFields\n      }\n      description\n      nextBackupAt\n      lastRun {\n        id\n        state\n        slotAt\n        repeatType\n      }\n      inProgress {\n        id\n        state\n      }\n      month\n      freeBackupsPerMonth\n      freeBackupsUsed\n      freeBackupsLeft\n      unitsLeft\n      weeklyAddOn\n      unitPrice {\n        ...MoneyFields\n      }\n      records\n      estimatedSeconds\n      estimateMeasured\n      timeZone\n      backupNow {\n        cover\n        nextRunAt\n        nextRunCoverBefore\n        nextRunCoverAfter\n        warnNextRun\n      }\n    }\n    currentSubscription {\n      plan {\n        code\n        name\n      }\n      status\n      balance {\n        ...MoneyFields\n      }\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n": typeof types.BackupPageDocument,
    "\n  query BackupRuns($first: Int!, $after: Cursor) {\n    backupRuns(first: $first, after: $after, orderBy: { field: SLOT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BackupRunFields\n        }\n      }\n    }\n  }\n": typeof types.BackupRunsDocument,
    "\n  query BackupCostPreview($input: BackupScheduleInput!, $months: Int) {\n    backupCostPreview(input: $input, months: $months) {\n      ...BackupCostPreviewFields\n    }\n  }\n": typeof types.BackupCostPreviewDocument,
    "\n  query BackupLog($first: Int!, $after: Cursor) {\n    backupLog(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          summary\n          details\n        }\n      }\n    }\n  }\n": typeof types.BackupLogDocument,
    "\n  mutation ScheduleBackup($input: BackupScheduleInput!) {\n    scheduleBackup(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n      run {\n        id\n        state\n      }\n    }\n  }\n": typeof types.ScheduleBackupDocument,
    "\n  mutation UpdateBackupSchedule($input: BackupScheduleInput!) {\n    updateBackupSchedule(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n    }\n  }\n": typeof types.UpdateBackupScheduleDocument,
    "\n  mutation BackupNow {\n    backupNow {\n      id\n      state\n      slotAt\n      repeatType\n    }\n  }\n": typeof types.BackupNowDocument,
    "\n  mutation StopBackupSchedule {\n    stopBackupSchedule {\n      schedule {\n        id\n        status\n      }\n      cancelledRuns\n      stillRunning\n      nextBackupWouldHaveBeen\n      weeklyAddOnActive\n      message\n    }\n  }\n": typeof types.StopBackupScheduleDocument,
    "\n  mutation CancelBackupRun($id: ID!) {\n    cancelBackupRun(id: $id) {\n      ...BackupRunFields\n    }\n  }\n": typeof types.CancelBackupRunDocument,
    "\n  mutation BuyBackupUnits($units: Int!, $idempotencyKey: String!) {\n    buyBackupUnits(units: $units, idempotencyKey: $idempotencyKey) {\n      subscription {\n        backupUnits\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n": typeof types.BuyBackupUnitsDocument,
    "\n  mutation DowngradeBackupUnits($units: Int!) {\n    downgradeBackupUnits(units: $units) {\n      subscription {\n        backupUnits\n        balance {\n          ...MoneyFields\n        }\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n": typeof types.DowngradeBackupUnitsDocument,
    "\n  subscription BackupEvents {\n    backupEvents {\n      type\n      title\n      runId\n      scheduleId\n      state\n      recordsDone\n      recordsTotal\n      at\n      notificationId\n      run {\n        ...BackupRunFields\n      }\n    }\n  }\n": typeof types.BackupEventsDocument,
    "\n  fragment BundleUserFields on User {\n    id\n    name\n    email\n  }\n": typeof types.BundleUserFieldsFragmentDoc,
    "\n  fragment SuiteBundleFields on SuiteBundle {\n    state\n    members {\n      service\n      name\n      hasFreeEdition\n      access\n      subscription {\n        id\n        service\n        superAdmin {\n          ...BundleUserFields\n        }\n        cycle\n        users\n        periodStart\n        periodEnd\n        paid {\n          ...MoneyFields\n        }\n        endedAt\n      }\n    }\n    trialStartedAt\n    trialEndsAt\n    daysLeft\n    canExtend\n    extensionDays\n    canStartTrial\n    blockers {\n      service\n      superAdmin {\n        ...BundleUserFields\n      }\n    }\n    contract {\n      id\n      cycle\n      users\n      addOns\n      startedAt\n      periodEnd\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n": typeof types.SuiteBundleFieldsFragmentDoc,
    "\n  fragment BundleQuoteFields on BundleQuote {\n    token\n    expiresAt\n    lines {\n      kind\n      service\n      description\n      amount {\n        ...MoneyFields\n      }\n      from\n      to\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    toBalance {\n      ...MoneyFields\n    }\n  }\n": typeof types.BundleQuoteFieldsFragmentDoc,
    "\n  query BundlePage {\n    suiteBundle {\n      ...SuiteBundleFields\n    }\n    currentSubscription {\n      currency\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n": typeof types.BundlePageDocument,
    "\n  query QuoteBundleUpgrade($input: BundleUpgradeInput!) {\n    quoteBundleUpgrade(input: $input) {\n      ...BundleQuoteFields\n    }\n  }\n": typeof types.QuoteBundleUpgradeDocument,
    "\n  mutation StartBundleTrial {\n    startBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n": typeof types.StartBundleTrialDocument,
    "\n  mutation ExtendBundleTrial {\n    extendBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n": typeof types.ExtendBundleTrialDocument,
    "\n  mutation CancelBundle {\n    cancelBundle {\n      ...SuiteBundleFields\n    }\n  }\n": typeof types.CancelBundleDocument,
    "\n  mutation UpgradeBundle($input: BundleUpgradeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    upgradeBundle(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      bundle {\n        ...SuiteBundleFields\n      }\n      payment {\n        id\n        reference\n        status\n        amount\n        currency\n      }\n    }\n  }\n": typeof types.UpgradeBundleDocument,
    "\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n    recordCount\n  }\n": typeof types.DashboardDocument,
    "\n  query EmailSettings {\n    emailSettings {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n    emailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n": typeof types.EmailSettingsDocument,
    "\n  mutation UpdateEmailSettings($input: UpdateEmailSettingsInput!) {\n    updateEmailSettings(input: $input) {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n  }\n": typeof types.UpdateEmailSettingsDocument,
    "\n  mutation RotateEmailDropbox {\n    rotateEmailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n": typeof types.RotateEmailDropboxDocument,
    "\n  query Emails($first: Int!, $after: Cursor, $where: EmailWhereInput) {\n    emails(first: $first, after: $after, where: $where, orderBy: { field: SENT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          subject\n          fromAddress\n          direction\n          sentAt\n          leads {\n            id\n            firstName\n            lastName\n          }\n          contacts {\n            id\n            firstName\n            lastName\n          }\n          deals {\n            id\n            name\n          }\n          supportCase {\n            id\n            subject\n          }\n        }\n      }\n    }\n  }\n": typeof types.EmailsDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n": typeof types.NotificationFieldsFragmentDoc,
    "\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n": typeof types.RecentNotificationsDocument,
    "\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n": typeof types.LiveNotificationsDocument,
    "\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n": typeof types.SendTestNotificationDocument,
    "\n  query Outbox($first: Int!, $after: Cursor) {\n    outbox(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          to\n          subject\n          kind\n          status\n          sentAt\n          attempts\n          error\n        }\n      }\n    }\n  }\n": typeof types.OutboxDocument,
    "\n  query OutboxBody($id: ID!) {\n    node(id: $id) {\n      ... on MailMessage {\n        id\n        body\n      }\n    }\n  }\n": typeof types.OutboxBodyDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation UpdateMyName($name: String!) {\n    updateMe(input: { name: $name }) {\n      ...ViewerFields\n    }\n  }\n": typeof types.UpdateMyNameDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": typeof types.SignOutEverywhereDocument,
    "\n  fragment MoneyFields on Money {\n    amount\n    currency\n  }\n": typeof types.MoneyFieldsFragmentDoc,
    "\n  fragment PlanFields on Plan {\n    code\n    name\n    rank\n    maxUsers\n    recordLimit\n    storageGB\n    freeBackupsPerMonth\n    features\n    monthlyPrice {\n      ...MoneyFields\n    }\n    yearlyPrice {\n      ...MoneyFields\n    }\n    teamMonthlyPrice {\n      ...MoneyFields\n    }\n    teamYearlyPrice {\n      ...MoneyFields\n    }\n  }\n": typeof types.PlanFieldsFragmentDoc,
    "\n  fragment LicenseFields on LicenseUsage {\n    kind\n    purchased\n    held\n    active\n    free\n  }\n": typeof types.LicenseFieldsFragmentDoc,
    "\n  fragment SubscriptionFields on SubscriptionOverview {\n    plan {\n      code\n      name\n      rank\n      maxUsers\n    }\n    effectivePlan {\n      code\n      name\n      rank\n      recordLimit\n      storageGB\n    }\n    status\n    cycle\n    currency\n    periodStart\n    periodEnd\n    nextRenewalAt\n    nextRenewalAmount {\n      ...MoneyFields\n    }\n    balance {\n      ...MoneyFields\n    }\n    licenses {\n      ...LicenseFields\n    }\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    trial {\n      plan\n      startedAt\n      endsAt\n    }\n    triedPlans\n    graceEndsAt\n    retriesDone\n    lastFailure\n    lockedAt\n    downgradeAt\n    card {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n    records\n  }\n": typeof types.SubscriptionFieldsFragmentDoc,
    "\n  fragment PaymentLineFields on PaymentLine {\n    kind\n    product\n    code\n    licenseKind\n    description\n    quantity\n    unitAmount\n    seconds\n    periodSeconds\n    amount\n  }\n": typeof types.PaymentLineFieldsFragmentDoc,
    "\n  fragment QuoteFields on Quote {\n    lines {\n      ...PaymentLineFields\n    }\n    subtotal {\n      ...MoneyFields\n    }\n    creditApplied {\n      ...MoneyFields\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    newBalance {\n      ...MoneyFields\n    }\n    plan\n    cycle\n    regularLicenses\n    teamLicenses\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    periodStart\n    periodEnd\n    quotedAt\n    validUntil\n    token\n  }\n": typeof types.QuoteFieldsFragmentDoc,
    "\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    reference\n    kind\n    status\n    source\n    amount\n    balanceApplied\n    currency\n    product\n    plan\n    description\n    cardBrand\n    cardLast4\n    failureReason\n    lines {\n      ...PaymentLineFields\n    }\n  }\n": typeof types.PaymentFieldsFragmentDoc,
    "\n  query SubscriptionPage {\n    currentSubscription {\n      ...SubscriptionFields\n    }\n    plans {\n      ...PlanFields\n    }\n    addOns {\n      code\n      name\n      kind\n      unit\n      maxQuantity\n      paidPlansOnly\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n": typeof types.SubscriptionPageDocument,
    "\n  query QuoteChange($input: SubscriptionChangeInput!) {\n    quoteChange(input: $input) {\n      ...QuoteFields\n    }\n  }\n": typeof types.QuoteChangeDocument,
    "\n  query Payments($first: Int!, $after: Cursor, $where: PaymentWhereInput) {\n    payments(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PaymentFields\n        }\n      }\n    }\n  }\n": typeof types.PaymentsDocument,
    "\n  mutation ChangeSubscription($input: SubscriptionChangeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    changeSubscription(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      subscription {\n        ...SubscriptionFields\n      }\n      quote {\n        ...QuoteFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n": typeof types.ChangeSubscriptionDocument,
    "\n  mutation StartTrial($plan: String!) {\n    startTrial(plan: $plan) {\n      ...SubscriptionFields\n    }\n  }\n": typeof types.StartTrialDocument,
    "\n  mutation SwitchToFree {\n    switchToFree {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n": typeof types.SwitchToFreeDocument,
    "\n  mutation RenewNow($idempotencyKey: String!) {\n    renewNow(idempotencyKey: $idempotencyKey) {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n": typeof types.RenewNowDocument,
    "\n  mutation SetPaymentMethod($card: CardInput!) {\n    setPaymentMethod(card: $card) {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n  }\n": typeof types.SetPaymentMethodDocument,
    "\n  mutation RemovePaymentMethod {\n    removePaymentMethod\n  }\n": typeof types.RemovePaymentMethodDocument,
    "\n  fragment SyncSettingFields on SyncSetting {\n    id\n    module\n    enabled\n    direction\n    mode\n    folders\n    category\n  }\n": typeof types.SyncSettingFieldsFragmentDoc,
    "\n  query SyncPage($clients: SyncClientWhereInput, $runs: SyncRunWhereInput, $ignored: SyncItemWhereInput!, $conflicts: SyncItemWhereInput!) {\n    syncClients(first: 50, orderBy: { field: NAME, direction: ASC }, where: $clients) {\n      edges {\n        node {\n          id\n          name\n          kind\n          lastSyncAt\n          user {\n            id\n            name\n          }\n          settings(first: 3) {\n            edges {\n              node {\n                ...SyncSettingFields\n              }\n            }\n          }\n        }\n      }\n    }\n    syncRuns(first: 20, orderBy: [{ field: STARTED_AT, direction: DESC }], where: $runs) {\n      edges {\n        node {\n          id\n          module\n          direction\n          state\n          userName\n          startedAt\n          finishedAt\n          added\n          updated\n          deleted\n          ignored\n          conflicts\n          refused\n          skipped\n        }\n      }\n    }\n    ignored: syncItems(first: 50, where: $ignored) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          ignoreField\n          ignoreLimit\n          reason\n          updatedAt\n          client {\n            id\n            name\n            userID\n          }\n        }\n      }\n    }\n    conflicts: syncItems(first: 50, where: $conflicts) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          conflict\n          updatedAt\n          client {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncPageDocument,
    "\n  query SyncUsers {\n    syncClients(first: 500) {\n      edges {\n        node {\n          id\n          user {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncUsersDocument,
    "\n  mutation UpdateSyncSettings($clientId: ID!, $module: SyncModule!, $input: SyncSettingsInput!) {\n    updateSyncSettings(clientId: $clientId, module: $module, input: $input) {\n      ...SyncSettingFields\n    }\n  }\n": typeof types.UpdateSyncSettingsDocument,
    "\n  mutation DeleteSyncClient($id: ID!) {\n    deleteSyncClient(id: $id)\n  }\n": typeof types.DeleteSyncClientDocument,
    "\n  mutation SyncAgain($itemId: ID!) {\n    syncAgain(itemId: $itemId) {\n      id\n      state\n    }\n  }\n": typeof types.SyncAgainDocument,
    "\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query Licenses {\n    currentSubscription {\n      plan {\n        code\n        name\n        maxUsers\n      }\n      status\n      licenses {\n        ...LicenseFields\n      }\n    }\n  }\n": typeof types.LicensesDocument,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        name\n        email\n        role\n        status\n        licenseKind\n        lastSignInAt\n      }\n    }\n  }\n": typeof types.InviteUserDocument,
    "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.DeactivateUserDocument,
    "\n  mutation ActivateUser($id: ID!) {\n    activateUser(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.ActivateUserDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": typeof types.DeleteUserDocument,
    "\n  query Seats($first: Int!) {\n    licenses(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          state\n          assignedAt\n          holder {\n            id\n            name\n            email\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.SeatsDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n    mustChangePassword\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n": typeof types.OrganizationFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n": typeof types.OrganizationDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  mutation UpdateMyLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n": typeof types.UpdateMyLocaleDocument,
};
const documents: Documents = {
    "\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorID\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  fragment BackupScheduleFields on BackupSchedule {\n    id\n    repeatType\n    weekday\n    dayOfMonth\n    weekOfMonth\n    startDate\n    hour\n    status\n    nextRunAt\n    createdByName\n    createdAt\n  }\n": types.BackupScheduleFieldsFragmentDoc,
    "\n  fragment BackupFileFields on BackupFile {\n    id\n    kind\n    part\n    name\n    size\n    downloadUrl\n    expiresAt\n  }\n": types.BackupFileFieldsFragmentDoc,
    "\n  fragment BackupRunFields on BackupRun {\n    id\n    createdAt\n    repeatType\n    slotAt\n    state\n    cover\n    recordsDone\n    recordsTotal\n    records\n    attachments\n    totalBytes\n    error\n    requestedByName\n    queuedAt\n    startedAt\n    archivedAt\n    readyAt\n    expiresAt\n    endedAt\n    files {\n      ...BackupFileFields\n    }\n  }\n": types.BackupRunFieldsFragmentDoc,
    "\n  fragment BackupCostPreviewFields on BackupCostPreview {\n    description\n    months {\n      month\n      runs\n      free\n      addOn\n      unitsNeeded\n      cost {\n        ...MoneyFields\n      }\n      fromOwned\n      toBuy\n      amountDue {\n        ...MoneyFields\n      }\n    }\n    unitPrice {\n      ...MoneyFields\n    }\n    total {\n      ...MoneyFields\n    }\n    unitsNeeded\n    unitsOwned\n    amountDue {\n      ...MoneyFields\n    }\n  }\n": types.BackupCostPreviewFieldsFragmentDoc,
    "\n  query BackupPage {\n    backupSummary {\n      schedule {\n        ...BackupScheduleFields\n      }\n      description\n      nextBackupAt\n      lastRun {\n        id\n        state\n        slotAt\n        repeatType\n      }\n      inProgress {\n        id\n        state\n      }\n      month\n      freeBackupsPerMonth\n      freeBackupsUsed\n      freeBackupsLeft\n      unitsLeft\n      weeklyAddOn\n      unitPrice {\n        ...MoneyFields\n      }\n      records\n      estimatedSeconds\n      estimateMeasured\n      timeZone\n      backupNow {\n        cover\n        nextRunAt\n        nextRunCoverBefore\n        nextRunCoverAfter\n        warnNextRun\n      }\n    }\n    currentSubscription {\n      plan {\n        code\n        name\n      }\n      status\n      balance {\n        ...MoneyFields\n      }\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n": types.BackupPageDocument,
    "\n  query BackupRuns($first: Int!, $after: Cursor) {\n    backupRuns(first: $first, after: $after, orderBy: { field: SLOT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BackupRunFields\n        }\n      }\n    }\n  }\n": types.BackupRunsDocument,
    "\n  query BackupCostPreview($input: BackupScheduleInput!, $months: Int) {\n    backupCostPreview(input: $input, months: $months) {\n      ...BackupCostPreviewFields\n    }\n  }\n": types.BackupCostPreviewDocument,
    "\n  query BackupLog($first: Int!, $after: Cursor) {\n    backupLog(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          summary\n          details\n        }\n      }\n    }\n  }\n": types.BackupLogDocument,
    "\n  mutation ScheduleBackup($input: BackupScheduleInput!) {\n    scheduleBackup(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n      run {\n        id\n        state\n      }\n    }\n  }\n": types.ScheduleBackupDocument,
    "\n  mutation UpdateBackupSchedule($input: BackupScheduleInput!) {\n    updateBackupSchedule(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n    }\n  }\n": types.UpdateBackupScheduleDocument,
    "\n  mutation BackupNow {\n    backupNow {\n      id\n      state\n      slotAt\n      repeatType\n    }\n  }\n": types.BackupNowDocument,
    "\n  mutation StopBackupSchedule {\n    stopBackupSchedule {\n      schedule {\n        id\n        status\n      }\n      cancelledRuns\n      stillRunning\n      nextBackupWouldHaveBeen\n      weeklyAddOnActive\n      message\n    }\n  }\n": types.StopBackupScheduleDocument,
    "\n  mutation CancelBackupRun($id: ID!) {\n    cancelBackupRun(id: $id) {\n      ...BackupRunFields\n    }\n  }\n": types.CancelBackupRunDocument,
    "\n  mutation BuyBackupUnits($units: Int!, $idempotencyKey: String!) {\n    buyBackupUnits(units: $units, idempotencyKey: $idempotencyKey) {\n      subscription {\n        backupUnits\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n": types.BuyBackupUnitsDocument,
    "\n  mutation DowngradeBackupUnits($units: Int!) {\n    downgradeBackupUnits(units: $units) {\n      subscription {\n        backupUnits\n        balance {\n          ...MoneyFields\n        }\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n": types.DowngradeBackupUnitsDocument,
    "\n  subscription BackupEvents {\n    backupEvents {\n      type\n      title\n      runId\n      scheduleId\n      state\n      recordsDone\n      recordsTotal\n      at\n      notificationId\n      run {\n        ...BackupRunFields\n      }\n    }\n  }\n": types.BackupEventsDocument,
    "\n  fragment BundleUserFields on User {\n    id\n    name\n    email\n  }\n": types.BundleUserFieldsFragmentDoc,
    "\n  fragment SuiteBundleFields on SuiteBundle {\n    state\n    members {\n      service\n      name\n      hasFreeEdition\n      access\n      subscription {\n        id\n        service\n        superAdmin {\n          ...BundleUserFields\n        }\n        cycle\n        users\n        periodStart\n        periodEnd\n        paid {\n          ...MoneyFields\n        }\n        endedAt\n      }\n    }\n    trialStartedAt\n    trialEndsAt\n    daysLeft\n    canExtend\n    extensionDays\n    canStartTrial\n    blockers {\n      service\n      superAdmin {\n        ...BundleUserFields\n      }\n    }\n    contract {\n      id\n      cycle\n      users\n      addOns\n      startedAt\n      periodEnd\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n": types.SuiteBundleFieldsFragmentDoc,
    "\n  fragment BundleQuoteFields on BundleQuote {\n    token\n    expiresAt\n    lines {\n      kind\n      service\n      description\n      amount {\n        ...MoneyFields\n      }\n      from\n      to\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    toBalance {\n      ...MoneyFields\n    }\n  }\n": types.BundleQuoteFieldsFragmentDoc,
    "\n  query BundlePage {\n    suiteBundle {\n      ...SuiteBundleFields\n    }\n    currentSubscription {\n      currency\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n": types.BundlePageDocument,
    "\n  query QuoteBundleUpgrade($input: BundleUpgradeInput!) {\n    quoteBundleUpgrade(input: $input) {\n      ...BundleQuoteFields\n    }\n  }\n": types.QuoteBundleUpgradeDocument,
    "\n  mutation StartBundleTrial {\n    startBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n": types.StartBundleTrialDocument,
    "\n  mutation ExtendBundleTrial {\n    extendBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n": types.ExtendBundleTrialDocument,
    "\n  mutation CancelBundle {\n    cancelBundle {\n      ...SuiteBundleFields\n    }\n  }\n": types.CancelBundleDocument,
    "\n  mutation UpgradeBundle($input: BundleUpgradeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    upgradeBundle(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      bundle {\n        ...SuiteBundleFields\n      }\n      payment {\n        id\n        reference\n        status\n        amount\n        currency\n      }\n    }\n  }\n": types.UpgradeBundleDocument,
    "\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n    recordCount\n  }\n": types.DashboardDocument,
    "\n  query EmailSettings {\n    emailSettings {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n    emailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n": types.EmailSettingsDocument,
    "\n  mutation UpdateEmailSettings($input: UpdateEmailSettingsInput!) {\n    updateEmailSettings(input: $input) {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n  }\n": types.UpdateEmailSettingsDocument,
    "\n  mutation RotateEmailDropbox {\n    rotateEmailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n": types.RotateEmailDropboxDocument,
    "\n  query Emails($first: Int!, $after: Cursor, $where: EmailWhereInput) {\n    emails(first: $first, after: $after, where: $where, orderBy: { field: SENT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          subject\n          fromAddress\n          direction\n          sentAt\n          leads {\n            id\n            firstName\n            lastName\n          }\n          contacts {\n            id\n            firstName\n            lastName\n          }\n          deals {\n            id\n            name\n          }\n          supportCase {\n            id\n            subject\n          }\n        }\n      }\n    }\n  }\n": types.EmailsDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n": types.NotificationFieldsFragmentDoc,
    "\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n": types.RecentNotificationsDocument,
    "\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n": types.LiveNotificationsDocument,
    "\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n": types.SendTestNotificationDocument,
    "\n  query Outbox($first: Int!, $after: Cursor) {\n    outbox(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          to\n          subject\n          kind\n          status\n          sentAt\n          attempts\n          error\n        }\n      }\n    }\n  }\n": types.OutboxDocument,
    "\n  query OutboxBody($id: ID!) {\n    node(id: $id) {\n      ... on MailMessage {\n        id\n        body\n      }\n    }\n  }\n": types.OutboxBodyDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation UpdateMyName($name: String!) {\n    updateMe(input: { name: $name }) {\n      ...ViewerFields\n    }\n  }\n": types.UpdateMyNameDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": types.SignOutEverywhereDocument,
    "\n  fragment MoneyFields on Money {\n    amount\n    currency\n  }\n": types.MoneyFieldsFragmentDoc,
    "\n  fragment PlanFields on Plan {\n    code\n    name\n    rank\n    maxUsers\n    recordLimit\n    storageGB\n    freeBackupsPerMonth\n    features\n    monthlyPrice {\n      ...MoneyFields\n    }\n    yearlyPrice {\n      ...MoneyFields\n    }\n    teamMonthlyPrice {\n      ...MoneyFields\n    }\n    teamYearlyPrice {\n      ...MoneyFields\n    }\n  }\n": types.PlanFieldsFragmentDoc,
    "\n  fragment LicenseFields on LicenseUsage {\n    kind\n    purchased\n    held\n    active\n    free\n  }\n": types.LicenseFieldsFragmentDoc,
    "\n  fragment SubscriptionFields on SubscriptionOverview {\n    plan {\n      code\n      name\n      rank\n      maxUsers\n    }\n    effectivePlan {\n      code\n      name\n      rank\n      recordLimit\n      storageGB\n    }\n    status\n    cycle\n    currency\n    periodStart\n    periodEnd\n    nextRenewalAt\n    nextRenewalAmount {\n      ...MoneyFields\n    }\n    balance {\n      ...MoneyFields\n    }\n    licenses {\n      ...LicenseFields\n    }\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    trial {\n      plan\n      startedAt\n      endsAt\n    }\n    triedPlans\n    graceEndsAt\n    retriesDone\n    lastFailure\n    lockedAt\n    downgradeAt\n    card {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n    records\n  }\n": types.SubscriptionFieldsFragmentDoc,
    "\n  fragment PaymentLineFields on PaymentLine {\n    kind\n    product\n    code\n    licenseKind\n    description\n    quantity\n    unitAmount\n    seconds\n    periodSeconds\n    amount\n  }\n": types.PaymentLineFieldsFragmentDoc,
    "\n  fragment QuoteFields on Quote {\n    lines {\n      ...PaymentLineFields\n    }\n    subtotal {\n      ...MoneyFields\n    }\n    creditApplied {\n      ...MoneyFields\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    newBalance {\n      ...MoneyFields\n    }\n    plan\n    cycle\n    regularLicenses\n    teamLicenses\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    periodStart\n    periodEnd\n    quotedAt\n    validUntil\n    token\n  }\n": types.QuoteFieldsFragmentDoc,
    "\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    reference\n    kind\n    status\n    source\n    amount\n    balanceApplied\n    currency\n    product\n    plan\n    description\n    cardBrand\n    cardLast4\n    failureReason\n    lines {\n      ...PaymentLineFields\n    }\n  }\n": types.PaymentFieldsFragmentDoc,
    "\n  query SubscriptionPage {\n    currentSubscription {\n      ...SubscriptionFields\n    }\n    plans {\n      ...PlanFields\n    }\n    addOns {\n      code\n      name\n      kind\n      unit\n      maxQuantity\n      paidPlansOnly\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n": types.SubscriptionPageDocument,
    "\n  query QuoteChange($input: SubscriptionChangeInput!) {\n    quoteChange(input: $input) {\n      ...QuoteFields\n    }\n  }\n": types.QuoteChangeDocument,
    "\n  query Payments($first: Int!, $after: Cursor, $where: PaymentWhereInput) {\n    payments(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PaymentFields\n        }\n      }\n    }\n  }\n": types.PaymentsDocument,
    "\n  mutation ChangeSubscription($input: SubscriptionChangeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    changeSubscription(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      subscription {\n        ...SubscriptionFields\n      }\n      quote {\n        ...QuoteFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n": types.ChangeSubscriptionDocument,
    "\n  mutation StartTrial($plan: String!) {\n    startTrial(plan: $plan) {\n      ...SubscriptionFields\n    }\n  }\n": types.StartTrialDocument,
    "\n  mutation SwitchToFree {\n    switchToFree {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n": types.SwitchToFreeDocument,
    "\n  mutation RenewNow($idempotencyKey: String!) {\n    renewNow(idempotencyKey: $idempotencyKey) {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n": types.RenewNowDocument,
    "\n  mutation SetPaymentMethod($card: CardInput!) {\n    setPaymentMethod(card: $card) {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n  }\n": types.SetPaymentMethodDocument,
    "\n  mutation RemovePaymentMethod {\n    removePaymentMethod\n  }\n": types.RemovePaymentMethodDocument,
    "\n  fragment SyncSettingFields on SyncSetting {\n    id\n    module\n    enabled\n    direction\n    mode\n    folders\n    category\n  }\n": types.SyncSettingFieldsFragmentDoc,
    "\n  query SyncPage($clients: SyncClientWhereInput, $runs: SyncRunWhereInput, $ignored: SyncItemWhereInput!, $conflicts: SyncItemWhereInput!) {\n    syncClients(first: 50, orderBy: { field: NAME, direction: ASC }, where: $clients) {\n      edges {\n        node {\n          id\n          name\n          kind\n          lastSyncAt\n          user {\n            id\n            name\n          }\n          settings(first: 3) {\n            edges {\n              node {\n                ...SyncSettingFields\n              }\n            }\n          }\n        }\n      }\n    }\n    syncRuns(first: 20, orderBy: [{ field: STARTED_AT, direction: DESC }], where: $runs) {\n      edges {\n        node {\n          id\n          module\n          direction\n          state\n          userName\n          startedAt\n          finishedAt\n          added\n          updated\n          deleted\n          ignored\n          conflicts\n          refused\n          skipped\n        }\n      }\n    }\n    ignored: syncItems(first: 50, where: $ignored) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          ignoreField\n          ignoreLimit\n          reason\n          updatedAt\n          client {\n            id\n            name\n            userID\n          }\n        }\n      }\n    }\n    conflicts: syncItems(first: 50, where: $conflicts) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          conflict\n          updatedAt\n          client {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.SyncPageDocument,
    "\n  query SyncUsers {\n    syncClients(first: 500) {\n      edges {\n        node {\n          id\n          user {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.SyncUsersDocument,
    "\n  mutation UpdateSyncSettings($clientId: ID!, $module: SyncModule!, $input: SyncSettingsInput!) {\n    updateSyncSettings(clientId: $clientId, module: $module, input: $input) {\n      ...SyncSettingFields\n    }\n  }\n": types.UpdateSyncSettingsDocument,
    "\n  mutation DeleteSyncClient($id: ID!) {\n    deleteSyncClient(id: $id)\n  }\n": types.DeleteSyncClientDocument,
    "\n  mutation SyncAgain($itemId: ID!) {\n    syncAgain(itemId: $itemId) {\n      id\n      state\n    }\n  }\n": types.SyncAgainDocument,
    "\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query Licenses {\n    currentSubscription {\n      plan {\n        code\n        name\n        maxUsers\n      }\n      status\n      licenses {\n        ...LicenseFields\n      }\n    }\n  }\n": types.LicensesDocument,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        name\n        email\n        role\n        status\n        licenseKind\n        lastSignInAt\n      }\n    }\n  }\n": types.InviteUserDocument,
    "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      status\n    }\n  }\n": types.DeactivateUserDocument,
    "\n  mutation ActivateUser($id: ID!) {\n    activateUser(id: $id) {\n      id\n      status\n    }\n  }\n": types.ActivateUserDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": types.DeleteUserDocument,
    "\n  query Seats($first: Int!) {\n    licenses(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          state\n          assignedAt\n          holder {\n            id\n            name\n            email\n            status\n          }\n        }\n      }\n    }\n  }\n": types.SeatsDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n    mustChangePassword\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n": types.OrganizationFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.MeDocument,
    "\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n": types.OrganizationDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  mutation UpdateMyLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n": types.UpdateMyLocaleDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorID\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorID\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackupScheduleFields on BackupSchedule {\n    id\n    repeatType\n    weekday\n    dayOfMonth\n    weekOfMonth\n    startDate\n    hour\n    status\n    nextRunAt\n    createdByName\n    createdAt\n  }\n"): (typeof documents)["\n  fragment BackupScheduleFields on BackupSchedule {\n    id\n    repeatType\n    weekday\n    dayOfMonth\n    weekOfMonth\n    startDate\n    hour\n    status\n    nextRunAt\n    createdByName\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackupFileFields on BackupFile {\n    id\n    kind\n    part\n    name\n    size\n    downloadUrl\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment BackupFileFields on BackupFile {\n    id\n    kind\n    part\n    name\n    size\n    downloadUrl\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackupRunFields on BackupRun {\n    id\n    createdAt\n    repeatType\n    slotAt\n    state\n    cover\n    recordsDone\n    recordsTotal\n    records\n    attachments\n    totalBytes\n    error\n    requestedByName\n    queuedAt\n    startedAt\n    archivedAt\n    readyAt\n    expiresAt\n    endedAt\n    files {\n      ...BackupFileFields\n    }\n  }\n"): (typeof documents)["\n  fragment BackupRunFields on BackupRun {\n    id\n    createdAt\n    repeatType\n    slotAt\n    state\n    cover\n    recordsDone\n    recordsTotal\n    records\n    attachments\n    totalBytes\n    error\n    requestedByName\n    queuedAt\n    startedAt\n    archivedAt\n    readyAt\n    expiresAt\n    endedAt\n    files {\n      ...BackupFileFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackupCostPreviewFields on BackupCostPreview {\n    description\n    months {\n      month\n      runs\n      free\n      addOn\n      unitsNeeded\n      cost {\n        ...MoneyFields\n      }\n      fromOwned\n      toBuy\n      amountDue {\n        ...MoneyFields\n      }\n    }\n    unitPrice {\n      ...MoneyFields\n    }\n    total {\n      ...MoneyFields\n    }\n    unitsNeeded\n    unitsOwned\n    amountDue {\n      ...MoneyFields\n    }\n  }\n"): (typeof documents)["\n  fragment BackupCostPreviewFields on BackupCostPreview {\n    description\n    months {\n      month\n      runs\n      free\n      addOn\n      unitsNeeded\n      cost {\n        ...MoneyFields\n      }\n      fromOwned\n      toBuy\n      amountDue {\n        ...MoneyFields\n      }\n    }\n    unitPrice {\n      ...MoneyFields\n    }\n    total {\n      ...MoneyFields\n    }\n    unitsNeeded\n    unitsOwned\n    amountDue {\n      ...MoneyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupPage {\n    backupSummary {\n      schedule {\n        ...BackupScheduleFields\n      }\n      description\n      nextBackupAt\n      lastRun {\n        id\n        state\n        slotAt\n        repeatType\n      }\n      inProgress {\n        id\n        state\n      }\n      month\n      freeBackupsPerMonth\n      freeBackupsUsed\n      freeBackupsLeft\n      unitsLeft\n      weeklyAddOn\n      unitPrice {\n        ...MoneyFields\n      }\n      records\n      estimatedSeconds\n      estimateMeasured\n      timeZone\n      backupNow {\n        cover\n        nextRunAt\n        nextRunCoverBefore\n        nextRunCoverAfter\n        warnNextRun\n      }\n    }\n    currentSubscription {\n      plan {\n        code\n        name\n      }\n      status\n      balance {\n        ...MoneyFields\n      }\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupPage {\n    backupSummary {\n      schedule {\n        ...BackupScheduleFields\n      }\n      description\n      nextBackupAt\n      lastRun {\n        id\n        state\n        slotAt\n        repeatType\n      }\n      inProgress {\n        id\n        state\n      }\n      month\n      freeBackupsPerMonth\n      freeBackupsUsed\n      freeBackupsLeft\n      unitsLeft\n      weeklyAddOn\n      unitPrice {\n        ...MoneyFields\n      }\n      records\n      estimatedSeconds\n      estimateMeasured\n      timeZone\n      backupNow {\n        cover\n        nextRunAt\n        nextRunCoverBefore\n        nextRunCoverAfter\n        warnNextRun\n      }\n    }\n    currentSubscription {\n      plan {\n        code\n        name\n      }\n      status\n      balance {\n        ...MoneyFields\n      }\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupRuns($first: Int!, $after: Cursor) {\n    backupRuns(first: $first, after: $after, orderBy: { field: SLOT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BackupRunFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupRuns($first: Int!, $after: Cursor) {\n    backupRuns(first: $first, after: $after, orderBy: { field: SLOT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BackupRunFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupCostPreview($input: BackupScheduleInput!, $months: Int) {\n    backupCostPreview(input: $input, months: $months) {\n      ...BackupCostPreviewFields\n    }\n  }\n"): (typeof documents)["\n  query BackupCostPreview($input: BackupScheduleInput!, $months: Int) {\n    backupCostPreview(input: $input, months: $months) {\n      ...BackupCostPreviewFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupLog($first: Int!, $after: Cursor) {\n    backupLog(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          summary\n          details\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupLog($first: Int!, $after: Cursor) {\n    backupLog(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          summary\n          details\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleBackup($input: BackupScheduleInput!) {\n    scheduleBackup(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n      run {\n        id\n        state\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ScheduleBackup($input: BackupScheduleInput!) {\n    scheduleBackup(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n      run {\n        id\n        state\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBackupSchedule($input: BackupScheduleInput!) {\n    updateBackupSchedule(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateBackupSchedule($input: BackupScheduleInput!) {\n    updateBackupSchedule(input: $input) {\n      schedule {\n        ...BackupScheduleFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackupNow {\n    backupNow {\n      id\n      state\n      slotAt\n      repeatType\n    }\n  }\n"): (typeof documents)["\n  mutation BackupNow {\n    backupNow {\n      id\n      state\n      slotAt\n      repeatType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopBackupSchedule {\n    stopBackupSchedule {\n      schedule {\n        id\n        status\n      }\n      cancelledRuns\n      stillRunning\n      nextBackupWouldHaveBeen\n      weeklyAddOnActive\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation StopBackupSchedule {\n    stopBackupSchedule {\n      schedule {\n        id\n        status\n      }\n      cancelledRuns\n      stillRunning\n      nextBackupWouldHaveBeen\n      weeklyAddOnActive\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelBackupRun($id: ID!) {\n    cancelBackupRun(id: $id) {\n      ...BackupRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelBackupRun($id: ID!) {\n    cancelBackupRun(id: $id) {\n      ...BackupRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BuyBackupUnits($units: Int!, $idempotencyKey: String!) {\n    buyBackupUnits(units: $units, idempotencyKey: $idempotencyKey) {\n      subscription {\n        backupUnits\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BuyBackupUnits($units: Int!, $idempotencyKey: String!) {\n    buyBackupUnits(units: $units, idempotencyKey: $idempotencyKey) {\n      subscription {\n        backupUnits\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DowngradeBackupUnits($units: Int!) {\n    downgradeBackupUnits(units: $units) {\n      subscription {\n        backupUnits\n        balance {\n          ...MoneyFields\n        }\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DowngradeBackupUnits($units: Int!) {\n    downgradeBackupUnits(units: $units) {\n      subscription {\n        backupUnits\n        balance {\n          ...MoneyFields\n        }\n      }\n      payment {\n        reference\n        amount\n        currency\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BackupEvents {\n    backupEvents {\n      type\n      title\n      runId\n      scheduleId\n      state\n      recordsDone\n      recordsTotal\n      at\n      notificationId\n      run {\n        ...BackupRunFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription BackupEvents {\n    backupEvents {\n      type\n      title\n      runId\n      scheduleId\n      state\n      recordsDone\n      recordsTotal\n      at\n      notificationId\n      run {\n        ...BackupRunFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BundleUserFields on User {\n    id\n    name\n    email\n  }\n"): (typeof documents)["\n  fragment BundleUserFields on User {\n    id\n    name\n    email\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SuiteBundleFields on SuiteBundle {\n    state\n    members {\n      service\n      name\n      hasFreeEdition\n      access\n      subscription {\n        id\n        service\n        superAdmin {\n          ...BundleUserFields\n        }\n        cycle\n        users\n        periodStart\n        periodEnd\n        paid {\n          ...MoneyFields\n        }\n        endedAt\n      }\n    }\n    trialStartedAt\n    trialEndsAt\n    daysLeft\n    canExtend\n    extensionDays\n    canStartTrial\n    blockers {\n      service\n      superAdmin {\n        ...BundleUserFields\n      }\n    }\n    contract {\n      id\n      cycle\n      users\n      addOns\n      startedAt\n      periodEnd\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment SuiteBundleFields on SuiteBundle {\n    state\n    members {\n      service\n      name\n      hasFreeEdition\n      access\n      subscription {\n        id\n        service\n        superAdmin {\n          ...BundleUserFields\n        }\n        cycle\n        users\n        periodStart\n        periodEnd\n        paid {\n          ...MoneyFields\n        }\n        endedAt\n      }\n    }\n    trialStartedAt\n    trialEndsAt\n    daysLeft\n    canExtend\n    extensionDays\n    canStartTrial\n    blockers {\n      service\n      superAdmin {\n        ...BundleUserFields\n      }\n    }\n    contract {\n      id\n      cycle\n      users\n      addOns\n      startedAt\n      periodEnd\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BundleQuoteFields on BundleQuote {\n    token\n    expiresAt\n    lines {\n      kind\n      service\n      description\n      amount {\n        ...MoneyFields\n      }\n      from\n      to\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    toBalance {\n      ...MoneyFields\n    }\n  }\n"): (typeof documents)["\n  fragment BundleQuoteFields on BundleQuote {\n    token\n    expiresAt\n    lines {\n      kind\n      service\n      description\n      amount {\n        ...MoneyFields\n      }\n      from\n      to\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    toBalance {\n      ...MoneyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BundlePage {\n    suiteBundle {\n      ...SuiteBundleFields\n    }\n    currentSubscription {\n      currency\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query BundlePage {\n    suiteBundle {\n      ...SuiteBundleFields\n    }\n    currentSubscription {\n      currency\n      card {\n        brand\n        last4\n        expMonth\n        expYear\n        addedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuoteBundleUpgrade($input: BundleUpgradeInput!) {\n    quoteBundleUpgrade(input: $input) {\n      ...BundleQuoteFields\n    }\n  }\n"): (typeof documents)["\n  query QuoteBundleUpgrade($input: BundleUpgradeInput!) {\n    quoteBundleUpgrade(input: $input) {\n      ...BundleQuoteFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartBundleTrial {\n    startBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartBundleTrial {\n    startBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExtendBundleTrial {\n    extendBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n"): (typeof documents)["\n  mutation ExtendBundleTrial {\n    extendBundleTrial {\n      ...SuiteBundleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelBundle {\n    cancelBundle {\n      ...SuiteBundleFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelBundle {\n    cancelBundle {\n      ...SuiteBundleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpgradeBundle($input: BundleUpgradeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    upgradeBundle(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      bundle {\n        ...SuiteBundleFields\n      }\n      payment {\n        id\n        reference\n        status\n        amount\n        currency\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpgradeBundle($input: BundleUpgradeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    upgradeBundle(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      bundle {\n        ...SuiteBundleFields\n      }\n      payment {\n        id\n        reference\n        status\n        amount\n        currency\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n    recordCount\n  }\n"): (typeof documents)["\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n    recordCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailSettings {\n    emailSettings {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n    emailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n"): (typeof documents)["\n  query EmailSettings {\n    emailSettings {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n    emailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEmailSettings($input: UpdateEmailSettingsInput!) {\n    updateEmailSettings(input: $input) {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEmailSettings($input: UpdateEmailSettingsInput!) {\n    updateEmailSettings(input: $input) {\n      matchWith\n      addSentAutomatically\n      keepAttachments\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateEmailDropbox {\n    rotateEmailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RotateEmailDropbox {\n    rotateEmailDropbox {\n      address\n      createdAt\n      rotatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Emails($first: Int!, $after: Cursor, $where: EmailWhereInput) {\n    emails(first: $first, after: $after, where: $where, orderBy: { field: SENT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          subject\n          fromAddress\n          direction\n          sentAt\n          leads {\n            id\n            firstName\n            lastName\n          }\n          contacts {\n            id\n            firstName\n            lastName\n          }\n          deals {\n            id\n            name\n          }\n          supportCase {\n            id\n            subject\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Emails($first: Int!, $after: Cursor, $where: EmailWhereInput) {\n    emails(first: $first, after: $after, where: $where, orderBy: { field: SENT_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          subject\n          fromAddress\n          direction\n          sentAt\n          leads {\n            id\n            firstName\n            lastName\n          }\n          contacts {\n            id\n            firstName\n            lastName\n          }\n          deals {\n            id\n            name\n          }\n          supportCase {\n            id\n            subject\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n"): (typeof documents)["\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n"): (typeof documents)["\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n"): (typeof documents)["\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Outbox($first: Int!, $after: Cursor) {\n    outbox(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          to\n          subject\n          kind\n          status\n          sentAt\n          attempts\n          error\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Outbox($first: Int!, $after: Cursor) {\n    outbox(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          to\n          subject\n          kind\n          status\n          sentAt\n          attempts\n          error\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutboxBody($id: ID!) {\n    node(id: $id) {\n      ... on MailMessage {\n        id\n        body\n      }\n    }\n  }\n"): (typeof documents)["\n  query OutboxBody($id: ID!) {\n    node(id: $id) {\n      ... on MailMessage {\n        id\n        body\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMyName($name: String!) {\n    updateMe(input: { name: $name }) {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMyName($name: String!) {\n    updateMe(input: { name: $name }) {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MoneyFields on Money {\n    amount\n    currency\n  }\n"): (typeof documents)["\n  fragment MoneyFields on Money {\n    amount\n    currency\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PlanFields on Plan {\n    code\n    name\n    rank\n    maxUsers\n    recordLimit\n    storageGB\n    freeBackupsPerMonth\n    features\n    monthlyPrice {\n      ...MoneyFields\n    }\n    yearlyPrice {\n      ...MoneyFields\n    }\n    teamMonthlyPrice {\n      ...MoneyFields\n    }\n    teamYearlyPrice {\n      ...MoneyFields\n    }\n  }\n"): (typeof documents)["\n  fragment PlanFields on Plan {\n    code\n    name\n    rank\n    maxUsers\n    recordLimit\n    storageGB\n    freeBackupsPerMonth\n    features\n    monthlyPrice {\n      ...MoneyFields\n    }\n    yearlyPrice {\n      ...MoneyFields\n    }\n    teamMonthlyPrice {\n      ...MoneyFields\n    }\n    teamYearlyPrice {\n      ...MoneyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LicenseFields on LicenseUsage {\n    kind\n    purchased\n    held\n    active\n    free\n  }\n"): (typeof documents)["\n  fragment LicenseFields on LicenseUsage {\n    kind\n    purchased\n    held\n    active\n    free\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SubscriptionFields on SubscriptionOverview {\n    plan {\n      code\n      name\n      rank\n      maxUsers\n    }\n    effectivePlan {\n      code\n      name\n      rank\n      recordLimit\n      storageGB\n    }\n    status\n    cycle\n    currency\n    periodStart\n    periodEnd\n    nextRenewalAt\n    nextRenewalAmount {\n      ...MoneyFields\n    }\n    balance {\n      ...MoneyFields\n    }\n    licenses {\n      ...LicenseFields\n    }\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    trial {\n      plan\n      startedAt\n      endsAt\n    }\n    triedPlans\n    graceEndsAt\n    retriesDone\n    lastFailure\n    lockedAt\n    downgradeAt\n    card {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n    records\n  }\n"): (typeof documents)["\n  fragment SubscriptionFields on SubscriptionOverview {\n    plan {\n      code\n      name\n      rank\n      maxUsers\n    }\n    effectivePlan {\n      code\n      name\n      rank\n      recordLimit\n      storageGB\n    }\n    status\n    cycle\n    currency\n    periodStart\n    periodEnd\n    nextRenewalAt\n    nextRenewalAmount {\n      ...MoneyFields\n    }\n    balance {\n      ...MoneyFields\n    }\n    licenses {\n      ...LicenseFields\n    }\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    trial {\n      plan\n      startedAt\n      endsAt\n    }\n    triedPlans\n    graceEndsAt\n    retriesDone\n    lastFailure\n    lockedAt\n    downgradeAt\n    card {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n    records\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PaymentLineFields on PaymentLine {\n    kind\n    product\n    code\n    licenseKind\n    description\n    quantity\n    unitAmount\n    seconds\n    periodSeconds\n    amount\n  }\n"): (typeof documents)["\n  fragment PaymentLineFields on PaymentLine {\n    kind\n    product\n    code\n    licenseKind\n    description\n    quantity\n    unitAmount\n    seconds\n    periodSeconds\n    amount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuoteFields on Quote {\n    lines {\n      ...PaymentLineFields\n    }\n    subtotal {\n      ...MoneyFields\n    }\n    creditApplied {\n      ...MoneyFields\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    newBalance {\n      ...MoneyFields\n    }\n    plan\n    cycle\n    regularLicenses\n    teamLicenses\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    periodStart\n    periodEnd\n    quotedAt\n    validUntil\n    token\n  }\n"): (typeof documents)["\n  fragment QuoteFields on Quote {\n    lines {\n      ...PaymentLineFields\n    }\n    subtotal {\n      ...MoneyFields\n    }\n    creditApplied {\n      ...MoneyFields\n    }\n    totalDue {\n      ...MoneyFields\n    }\n    newBalance {\n      ...MoneyFields\n    }\n    plan\n    cycle\n    regularLicenses\n    teamLicenses\n    addOns {\n      code\n      quantity\n    }\n    backupUnits\n    periodStart\n    periodEnd\n    quotedAt\n    validUntil\n    token\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    reference\n    kind\n    status\n    source\n    amount\n    balanceApplied\n    currency\n    product\n    plan\n    description\n    cardBrand\n    cardLast4\n    failureReason\n    lines {\n      ...PaymentLineFields\n    }\n  }\n"): (typeof documents)["\n  fragment PaymentFields on Payment {\n    id\n    createdAt\n    reference\n    kind\n    status\n    source\n    amount\n    balanceApplied\n    currency\n    product\n    plan\n    description\n    cardBrand\n    cardLast4\n    failureReason\n    lines {\n      ...PaymentLineFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SubscriptionPage {\n    currentSubscription {\n      ...SubscriptionFields\n    }\n    plans {\n      ...PlanFields\n    }\n    addOns {\n      code\n      name\n      kind\n      unit\n      maxQuantity\n      paidPlansOnly\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query SubscriptionPage {\n    currentSubscription {\n      ...SubscriptionFields\n    }\n    plans {\n      ...PlanFields\n    }\n    addOns {\n      code\n      name\n      kind\n      unit\n      maxQuantity\n      paidPlansOnly\n      price {\n        ...MoneyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuoteChange($input: SubscriptionChangeInput!) {\n    quoteChange(input: $input) {\n      ...QuoteFields\n    }\n  }\n"): (typeof documents)["\n  query QuoteChange($input: SubscriptionChangeInput!) {\n    quoteChange(input: $input) {\n      ...QuoteFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payments($first: Int!, $after: Cursor, $where: PaymentWhereInput) {\n    payments(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PaymentFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Payments($first: Int!, $after: Cursor, $where: PaymentWhereInput) {\n    payments(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PaymentFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeSubscription($input: SubscriptionChangeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    changeSubscription(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      subscription {\n        ...SubscriptionFields\n      }\n      quote {\n        ...QuoteFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeSubscription($input: SubscriptionChangeInput!, $idempotencyKey: String!, $quoteToken: String) {\n    changeSubscription(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {\n      subscription {\n        ...SubscriptionFields\n      }\n      quote {\n        ...QuoteFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTrial($plan: String!) {\n    startTrial(plan: $plan) {\n      ...SubscriptionFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartTrial($plan: String!) {\n    startTrial(plan: $plan) {\n      ...SubscriptionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SwitchToFree {\n    switchToFree {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SwitchToFree {\n    switchToFree {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewNow($idempotencyKey: String!) {\n    renewNow(idempotencyKey: $idempotencyKey) {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RenewNow($idempotencyKey: String!) {\n    renewNow(idempotencyKey: $idempotencyKey) {\n      subscription {\n        ...SubscriptionFields\n      }\n      payment {\n        ...PaymentFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPaymentMethod($card: CardInput!) {\n    setPaymentMethod(card: $card) {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n  }\n"): (typeof documents)["\n  mutation SetPaymentMethod($card: CardInput!) {\n    setPaymentMethod(card: $card) {\n      brand\n      last4\n      expMonth\n      expYear\n      addedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemovePaymentMethod {\n    removePaymentMethod\n  }\n"): (typeof documents)["\n  mutation RemovePaymentMethod {\n    removePaymentMethod\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SyncSettingFields on SyncSetting {\n    id\n    module\n    enabled\n    direction\n    mode\n    folders\n    category\n  }\n"): (typeof documents)["\n  fragment SyncSettingFields on SyncSetting {\n    id\n    module\n    enabled\n    direction\n    mode\n    folders\n    category\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncPage($clients: SyncClientWhereInput, $runs: SyncRunWhereInput, $ignored: SyncItemWhereInput!, $conflicts: SyncItemWhereInput!) {\n    syncClients(first: 50, orderBy: { field: NAME, direction: ASC }, where: $clients) {\n      edges {\n        node {\n          id\n          name\n          kind\n          lastSyncAt\n          user {\n            id\n            name\n          }\n          settings(first: 3) {\n            edges {\n              node {\n                ...SyncSettingFields\n              }\n            }\n          }\n        }\n      }\n    }\n    syncRuns(first: 20, orderBy: [{ field: STARTED_AT, direction: DESC }], where: $runs) {\n      edges {\n        node {\n          id\n          module\n          direction\n          state\n          userName\n          startedAt\n          finishedAt\n          added\n          updated\n          deleted\n          ignored\n          conflicts\n          refused\n          skipped\n        }\n      }\n    }\n    ignored: syncItems(first: 50, where: $ignored) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          ignoreField\n          ignoreLimit\n          reason\n          updatedAt\n          client {\n            id\n            name\n            userID\n          }\n        }\n      }\n    }\n    conflicts: syncItems(first: 50, where: $conflicts) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          conflict\n          updatedAt\n          client {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncPage($clients: SyncClientWhereInput, $runs: SyncRunWhereInput, $ignored: SyncItemWhereInput!, $conflicts: SyncItemWhereInput!) {\n    syncClients(first: 50, orderBy: { field: NAME, direction: ASC }, where: $clients) {\n      edges {\n        node {\n          id\n          name\n          kind\n          lastSyncAt\n          user {\n            id\n            name\n          }\n          settings(first: 3) {\n            edges {\n              node {\n                ...SyncSettingFields\n              }\n            }\n          }\n        }\n      }\n    }\n    syncRuns(first: 20, orderBy: [{ field: STARTED_AT, direction: DESC }], where: $runs) {\n      edges {\n        node {\n          id\n          module\n          direction\n          state\n          userName\n          startedAt\n          finishedAt\n          added\n          updated\n          deleted\n          ignored\n          conflicts\n          refused\n          skipped\n        }\n      }\n    }\n    ignored: syncItems(first: 50, where: $ignored) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          ignoreField\n          ignoreLimit\n          reason\n          updatedAt\n          client {\n            id\n            name\n            userID\n          }\n        }\n      }\n    }\n    conflicts: syncItems(first: 50, where: $conflicts) {\n      edges {\n        node {\n          id\n          module\n          clientItemID\n          conflict\n          updatedAt\n          client {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncUsers {\n    syncClients(first: 500) {\n      edges {\n        node {\n          id\n          user {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncUsers {\n    syncClients(first: 500) {\n      edges {\n        node {\n          id\n          user {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSyncSettings($clientId: ID!, $module: SyncModule!, $input: SyncSettingsInput!) {\n    updateSyncSettings(clientId: $clientId, module: $module, input: $input) {\n      ...SyncSettingFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSyncSettings($clientId: ID!, $module: SyncModule!, $input: SyncSettingsInput!) {\n    updateSyncSettings(clientId: $clientId, module: $module, input: $input) {\n      ...SyncSettingFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSyncClient($id: ID!) {\n    deleteSyncClient(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSyncClient($id: ID!) {\n    deleteSyncClient(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncAgain($itemId: ID!) {\n    syncAgain(itemId: $itemId) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation SyncAgain($itemId: ID!) {\n    syncAgain(itemId: $itemId) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Licenses {\n    currentSubscription {\n      plan {\n        code\n        name\n        maxUsers\n      }\n      status\n      licenses {\n        ...LicenseFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Licenses {\n    currentSubscription {\n      plan {\n        code\n        name\n        maxUsers\n      }\n      status\n      licenses {\n        ...LicenseFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        name\n        email\n        role\n        status\n        licenseKind\n        lastSignInAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        name\n        email\n        role\n        status\n        licenseKind\n        lastSignInAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateUser($id: ID!) {\n    deactivateUser(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateUser($id: ID!) {\n    activateUser(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateUser($id: ID!) {\n    activateUser(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Seats($first: Int!) {\n    licenses(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          state\n          assignedAt\n          holder {\n            id\n            name\n            email\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Seats($first: Int!) {\n    licenses(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          state\n          assignedAt\n          holder {\n            id\n            name\n            email\n            status\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n    mustChangePassword\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n    mustChangePassword\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n"): (typeof documents)["\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n"): (typeof documents)["\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMyLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMyLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      id\n      locale\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;