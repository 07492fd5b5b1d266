// The signed-in user's profile: name, password, sessions.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const UpdateMyNameMutation = graphql(`
  mutation UpdateMyName($name: String!) {
    updateMe(input: { name: $name }) {
      ...ViewerFields
    }
  }
`);

export const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`);
