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

// The linked records come with each email (a page of 25 stays well under the server's
// query-cost limit); the filters are built by utils/filters.ts.
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
            email
          }
          contacts {
            id
            firstName
            lastName
            email
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
