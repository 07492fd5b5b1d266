// Emails kept when no SMTP server is configured (SPEC BK-16).
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

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
