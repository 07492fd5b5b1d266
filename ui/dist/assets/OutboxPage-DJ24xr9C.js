import{j as e,a as l}from"./client-BWXL2gH4.js";import{g as u,u as x,x as b,P as p,Q as h,S as y,k as g,T as j,i as T,l as o,bf as f,m as k,B as P,aP as m}from"./index-Br9qfagp.js";import{u as S,P as w}from"./useCursorPager-Dw8lywRZ.js";const B=u(`
  query Outbox($first: Int!, $after: Cursor) {
    outbox(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          to
          subject
          kind
          status
          sentAt
          attempts
          error
        }
      }
    }
  }
`),C=u(`
  query OutboxBody($id: ID!) {
    node(id: $id) {
      ... on MailMessage {
        id
        body
      }
    }
  }
`),E=25,O={PENDING:"blue",SENT:"teal",OUTBOX:"gray",FAILED:"red"};function $(){const{t:r}=x(),s=S(),[i,a]=b({query:B,variables:{first:E,after:s.after},requestPolicy:"cache-and-network"});return e.jsx(p,{title:r("outbox.title"),description:r("outbox.subtitle"),children:e.jsx(h,{result:i,retry:()=>a({requestPolicy:"network-only"}),children:d=>{const t=(d.outbox.edges??[]).flatMap(n=>n?.node?[n.node]:[]);return e.jsxs(y,{gap:"sm",children:[t.length===0?e.jsx(g,{title:r("outbox.empty")}):e.jsxs(e.Fragment,{children:[e.jsx(j,{size:"sm",c:"dimmed",children:r("outbox.total",{count:d.outbox.totalCount})}),e.jsx(I,{messages:t})]}),e.jsx(w,{page:s.page,hasNext:d.outbox.pageInfo.hasNextPage,onFirst:s.first,onNext:()=>s.next(d.outbox.pageInfo.endCursor)})]})}})})}function I({messages:r}){const{t:s}=x(),i=T(),[a,d]=l.useState();return e.jsx("div",{className:"table-scroll",children:e.jsxs(o,{verticalSpacing:"xs",miw:820,"data-testid":"outbox-table",children:[e.jsx(o.Thead,{children:e.jsxs(o.Tr,{children:[e.jsx(o.Th,{scope:"col",children:s("outbox.col.created")}),e.jsx(o.Th,{scope:"col",children:s("outbox.col.to")}),e.jsx(o.Th,{scope:"col",children:s("outbox.col.subject")}),e.jsx(o.Th,{scope:"col",children:s("outbox.col.kind")}),e.jsx(o.Th,{scope:"col",children:s("outbox.col.status")}),e.jsx(o.Th,{scope:"col",children:e.jsx("span",{className:"sr-only",children:s("outbox.col.body")})})]})}),e.jsx(o.Tbody,{children:r.map(t=>{const n=a===t.id,c=`outbox-body-${t.id}`;return e.jsxs(l.Fragment,{children:[e.jsxs(o.Tr,{"data-status":t.status,"data-kind":t.kind,children:[e.jsx(o.Td,{style:{whiteSpace:"nowrap"},children:e.jsx("time",{dateTime:t.createdAt,children:i.dateTime(t.createdAt)})}),e.jsx(o.Td,{children:t.to}),e.jsx(o.Td,{fw:500,children:t.subject}),e.jsx(o.Td,{children:f(s,t.kind)}),e.jsxs(o.Td,{children:[e.jsx(k,{color:O[t.status],variant:"light",style:{minWidth:"max-content"},children:s(`mailStatus.${t.status}`)}),t.error&&e.jsx(j,{size:"xs",c:"red",children:t.error})]}),e.jsx(o.Td,{ta:"right",children:e.jsx(P,{size:"xs",variant:"subtle",onClick:()=>d(n?void 0:t.id),"aria-expanded":n,"aria-controls":c,"aria-label":s("outbox.bodyLabel",{subject:t.subject,to:t.to}),"data-testid":"outbox-toggle",children:s(n?"outbox.hideBody":"outbox.showBody")})})]}),n&&e.jsx(o.Tr,{id:c,children:e.jsx(o.Td,{colSpan:6,bg:"var(--mantine-color-gray-0)",children:e.jsx(A,{id:t.id})})})]},t.id)})})]})})}function A({id:r}){const[s,i]=b({query:C,variables:{id:r}});return e.jsx(h,{result:s,retry:()=>i({requestPolicy:"network-only"}),children:a=>e.jsx(m,{block:!0,style:{whiteSpace:"pre-wrap",wordBreak:"break-word"},"data-testid":"outbox-body",children:a.node&&"body"in a.node?a.node.body:""})})}export{$ as OutboxPage};
