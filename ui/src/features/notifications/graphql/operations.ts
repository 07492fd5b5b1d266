// Notifications: the live feed (api/live.ts) and the test notification.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    type
    title
    payload
    createdAt
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
