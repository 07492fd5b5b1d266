// Users and licenses (SPEC SB-6, SB-7).
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const UsersQuery = graphql(`
  query Users($first: Int!, $after: Cursor) {
    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          email
          role
          status
          licenseKind
          lastSignInAt
        }
      }
    }
  }
`);

export const LicensesQuery = graphql(`
  query Licenses {
    currentSubscription {
      plan {
        code
        name
        maxUsers
      }
      status
      licenses {
        ...LicenseFields
      }
    }
  }
`);

export const InviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      temporaryPassword
      user {
        id
        name
        email
        role
        status
        licenseKind
        lastSignInAt
      }
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      status
    }
  }
`);

export const ActivateUserMutation = graphql(`
  mutation ActivateUser($id: ID!) {
    activateUser(id: $id) {
      id
      status
    }
  }
`);

export const DeleteUserMutation = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

// Licence seats (issue 18): one per licence bought, FREE or ASSIGNED to a user.
export const SeatsQuery = graphql(`
  query Seats($first: Int!) {
    licenses(first: $first) {
      totalCount
      edges {
        node {
          id
          kind
          state
          assignedAt
          holder {
            id
            name
            email
            status
          }
        }
      }
    }
  }
`);
