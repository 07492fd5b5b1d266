import type { UserLicenseKind } from '../../../gql/graphql';

/** The license kinds, in the order the users page shows them (SB-6). */
export const KINDS: UserLicenseKind[] = ['REGULAR', 'TEAM'];
