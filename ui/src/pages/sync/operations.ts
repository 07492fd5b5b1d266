// The mail-client sync page's operations (graph/sync.graphqls, SPEC SY). Run `npm run codegen`
// after editing this file.
import { graphql } from '../../gql';

export const SyncPageQuery = graphql(`
  query SyncPage {
    me {
      id
    }
    syncClients(first: 50, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
          kind
          lastSyncAt
          user {
            id
            name
          }
          settings(first: 3) {
            edges {
              node {
                id
                module
                enabled
                direction
                mode
                folders
                category
              }
            }
          }
        }
      }
    }
    syncRuns(first: 20, orderBy: [{ field: STARTED_AT, direction: DESC }]) {
      edges {
        node {
          id
          module
          direction
          state
          userName
          startedAt
          finishedAt
          added
          updated
          deleted
          ignored
          conflicts
          refused
          skipped
        }
      }
    }
    ignored: syncItems(first: 50, where: { state: IGNORED }) {
      edges {
        node {
          id
          module
          clientItemID
          ignoreField
          ignoreLimit
          reason
          updatedAt
        }
      }
    }
    conflicts: syncItems(first: 50, where: { state: CONFLICT }) {
      edges {
        node {
          id
          module
          clientItemID
          conflict
          updatedAt
        }
      }
    }
  }
`);

export const SyncAgainMutation = graphql(`
  mutation SyncAgain($itemId: ID!) {
    syncAgain(itemId: $itemId) {
      id
      state
    }
  }
`);
