// API tokens.
// Types come from graphql-codegen (src/gql/): run `npm run codegen` after editing this file.
import { graphql } from '../../../gql';

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
