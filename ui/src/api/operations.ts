// Every GraphQL operation the SPA sends. Types come from graphql-codegen (src/gql/), generated
// from ../graph/*.graphqls: run `npm run codegen` after editing this file.
import { graphql } from '../gql';

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    name
    email
    role
    locale
  }
`);

export const OrganizationFields = graphql(`
  fragment OrganizationFields on Organization {
    id
    name
    region
    timeZone
    currency
    status
    createdAt
  }
`);

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    type
    title
    payload
    createdAt
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...ViewerFields
    }
  }
`);

export const OrganizationQuery = graphql(`
  query Organization {
    organization {
      ...OrganizationFields
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        ...ViewerFields
      }
      organization {
        ...OrganizationFields
      }
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      user {
        ...ViewerFields
      }
      organization {
        ...OrganizationFields
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

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
  }
`);

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

export const APITokensQuery = graphql(`
  query APITokens {
    apiTokens(first: 200) {
      totalCount
      edges {
        node {
          id
          name
          prefix
          createdAt
          expiresAt
          lastUsedAt
          revokedAt
        }
      }
    }
  }
`);

export const CreateAPITokenMutation = graphql(`
  mutation CreateAPIToken($input: CreateAPITokenInput!) {
    createAPIToken(input: $input) {
      secret
      token {
        id
        name
        prefix
        createdAt
        expiresAt
      }
    }
  }
`);

export const RevokeAPITokenMutation = graphql(`
  mutation RevokeAPIToken($id: ID!) {
    revokeAPIToken(id: $id) {
      id
      revokedAt
    }
  }
`);

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

export const RecentNotificationsQuery = graphql(`
  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {
    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          ...NotificationFields
        }
      }
    }
  }
`);

export const NotificationsSubscription = graphql(`
  subscription LiveNotifications {
    notifications {
      ...NotificationFields
    }
  }
`);

export const SendTestNotificationMutation = graphql(`
  mutation SendTestNotification($title: String) {
    sendTestNotification(title: $title)
  }
`);
