// The audit log.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

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
