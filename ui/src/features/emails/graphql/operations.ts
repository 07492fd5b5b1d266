// Emails to records (SPEC EM, issue 13 item 9): your email settings, your private dropbox
// address, and the emails added to leads, contacts and deals.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const EmailSettingsQuery = graphql(`
  query EmailSettings {
    emailSettings {
      matchWith
      addSentAutomatically
      keepAttachments
    }
    emailDropbox {
      address
      createdAt
      rotatedAt
    }
  }
`);

export const UpdateEmailSettingsMutation = graphql(`
  mutation UpdateEmailSettings($input: UpdateEmailSettingsInput!) {
    updateEmailSettings(input: $input) {
      matchWith
      addSentAutomatically
      keepAttachments
    }
  }
`);

export const RotateEmailDropboxMutation = graphql(`
  mutation RotateEmailDropbox {
    rotateEmailDropbox {
      address
      createdAt
      rotatedAt
    }
  }
`);

// The linked records come with each email, named without their addresses: a page of 50 costs
// 20,606, under half the server's query-cost limit (internal/app TestSPAOperationsFitTheLimits);
// the filters are built by utils/filters.ts.
export const EmailsQuery = graphql(`
  query Emails($first: Int!, $after: Cursor, $where: EmailWhereInput) {
    emails(first: $first, after: $after, where: $where, orderBy: { field: SENT_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          subject
          fromAddress
          direction
          sentAt
          leads {
            id
            firstName
            lastName
          }
          contacts {
            id
            firstName
            lastName
          }
          deals {
            id
            name
          }
          supportCase {
            id
            subject
          }
        }
      }
    }
  }
`);
