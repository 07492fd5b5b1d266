// /graphiql: the GraphQL explorer, built from npm packages into ui/dist and served by the
// binary, so it works on a host without internet access (issue 17 item 4) and loads no inline
// script. Same origin as the API: the SPA's session cookie rides along; integrators put
// `{"Authorization": "Bearer crm_pat_…"}` in the headers tab. Subscriptions go over the
// websocket on /query (graphql-transport-ws).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './graphiql.css';

const url = new URL('/query', window.location.href);
const wsURL = url.href.replace(/^http/, 'ws');

const fetcher = createGraphiQLFetcher({
  url: url.href,
  wsClient: createClient({ url: wsURL, lazy: true }),
});

const DEFAULT_QUERY = `# crmadmin's GraphQL API. Signed in to the admin app? Your session is used here.
# Otherwise add {"Authorization": "Bearer crm_pat_…"} in the Headers tab below.
{
  me {
    id
    name
    email
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
  </StrictMode>,
);
