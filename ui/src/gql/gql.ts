/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n": typeof types.OrganizationFieldsFragmentDoc,
    "\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n": typeof types.NotificationFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n": typeof types.OrganizationDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n  }\n": typeof types.DashboardDocument,
    "\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n": typeof types.RecentNotificationsDocument,
    "\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n": typeof types.LiveNotificationsDocument,
    "\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n": typeof types.SendTestNotificationDocument,
};
const documents: Documents = {
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n": types.OrganizationFieldsFragmentDoc,
    "\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n": types.NotificationFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.MeDocument,
    "\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n": types.OrganizationDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n  }\n": types.DashboardDocument,
    "\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n": types.RecentNotificationsDocument,
    "\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n": types.LiveNotificationsDocument,
    "\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n": types.SendTestNotificationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    role\n    locale\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n"): (typeof documents)["\n  fragment OrganizationFields on Organization {\n    id\n    name\n    region\n    timeZone\n    currency\n    status\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n"): (typeof documents)["\n  fragment NotificationFields on Notification {\n    id\n    type\n    title\n    payload\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n"): (typeof documents)["\n  query Organization {\n    organization {\n      ...OrganizationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      user {\n        ...ViewerFields\n      }\n      organization {\n        ...OrganizationFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    leads(first: 0) { totalCount }\n    contacts(first: 0) { totalCount }\n    accounts(first: 0) { totalCount }\n    deals(first: 0) { totalCount }\n    tasks(first: 0) { totalCount }\n    events(first: 0) { totalCount }\n    supportCases(first: 0) { totalCount }\n    notes(first: 0) { totalCount }\n    emails(first: 0) { totalCount }\n    attachments(first: 0) { totalCount }\n    users(first: 0) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($first: Int!, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          createdAt\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          details\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query APITokens {\n    apiTokens(first: 200) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          prefix\n          createdAt\n          expiresAt\n          lastUsedAt\n          revokedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        prefix\n        createdAt\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeAPIToken($id: ID!) {\n    revokeAPIToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int!, $after: Cursor) {\n    users(first: $first, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          status\n          licenseKind\n          lastSignInAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentNotifications($first: Int!, $where: NotificationWhereInput) {\n    notifications(first: $first, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          ...NotificationFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n"): (typeof documents)["\n  subscription LiveNotifications {\n    notifications {\n      ...NotificationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n"): (typeof documents)["\n  mutation SendTestNotification($title: String) {\n    sendTestNotification(title: $title)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;