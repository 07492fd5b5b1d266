// The signed-in viewer and their organization (graph/schema.graphqls): the session reads them.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../gql';

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    name
    email
    role
    locale
    mustChangePassword
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

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const UpdateMyLocaleMutation = graphql(`
  mutation UpdateMyLocale($locale: String!) {
    updateMe(input: { locale: $locale }) {
      id
      locale
    }
  }
`);
