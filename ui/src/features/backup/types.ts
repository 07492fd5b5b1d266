import type { BackupCostPreviewFieldsFragment, BackupPageQuery, BackupRunFieldsFragment, BackupScheduleFieldsFragment } from '../../gql/graphql';

export type Summary = BackupPageQuery['backupSummary'];
export type Billing = BackupPageQuery['currentSubscription'];
export type Card = NonNullable<Billing['card']>;
export type Run = BackupRunFieldsFragment;
export type RunFile = NonNullable<Run['files']>[number];
export type Preview = BackupCostPreviewFieldsFragment;
export type Schedule = BackupScheduleFieldsFragment;
