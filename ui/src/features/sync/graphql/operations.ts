// The mail-client sync page's operations (graph/sync.graphqls, SPEC SY). Run `npm run codegen`
// after editing this file.
import { graphql } from '../../../gql';

export const SyncSettingFields = graphql(`
  fragment SyncSettingFields on SyncSetting {
    id
    module
    enabled
    direction
    mode
    folders
    category
  }
`);

/** The page: the filters are the admin's user filter (utils/sync syncFilters); a user's own are the API's default. */
export const SyncPageQuery = graphql(`
  query SyncPage($clients: SyncClientWhereInput, $runs: SyncRunWhereInput, $ignored: SyncItemWhereInput!, $conflicts: SyncItemWhereInput!) {
    syncClients(first: 50, orderBy: { field: NAME, direction: ASC }, where: $clients) {
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
                ...SyncSettingFields
              }
            }
          }
        }
      }
    }
    syncRuns(first: 20, orderBy: [{ field: STARTED_AT, direction: DESC }], where: $runs) {
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
    ignored: syncItems(first: 50, where: $ignored) {
      edges {
        node {
          id
          module
          clientItemID
          ignoreField
          ignoreLimit
          reason
          updatedAt
          client {
            id
            name
            userID
          }
        }
      }
    }
    conflicts: syncItems(first: 50, where: $conflicts) {
      edges {
        node {
          id
          module
          clientItemID
          conflict
          updatedAt
          client {
            id
            name
          }
        }
      }
    }
  }
`);

/** The admin's user filter: the users who have a sync client (at most the first 500 clients). */
export const SyncUsersQuery = graphql(`
  query SyncUsers {
    syncClients(first: 500) {
      edges {
        node {
          id
          user {
            id
            name
          }
        }
      }
    }
  }
`);

export const UpdateSyncSettingsMutation = graphql(`
  mutation UpdateSyncSettings($clientId: ID!, $module: SyncModule!, $input: SyncSettingsInput!) {
    updateSyncSettings(clientId: $clientId, module: $module, input: $input) {
      ...SyncSettingFields
    }
  }
`);

export const DeleteSyncClientMutation = graphql(`
  mutation DeleteSyncClient($id: ID!) {
    deleteSyncClient(id: $id)
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
