// The dashboard.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

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
