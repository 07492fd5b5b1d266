import{a as x,j as e}from"./client-BWXL2gH4.js";import{g,u as m,x as j,P as T,G as y,N as b,d as v,Q as E,S as p,i as A,k as S,T as h,l as s,aj as I,ak as C,al as P}from"./index-Br9qfagp.js";import{u as $,b as w}from"./labels-Lt_QnFlg.js";import{u as N,P as k}from"./useCursorPager-Dw8lywRZ.js";const D=g(`
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
          actorID
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
`),F=["org","user","api_token","billing","backup"];function q(i,t){const r={};return i&&(r.actionHasPrefix=`${i}.`),t.trim()&&(r.actionContainsFold=t.trim()),Object.keys(r).length>0?r:void 0}function L(i){return i?Object.entries(i).map(([t,r])=>`${t}: ${r!==null&&typeof r=="object"?JSON.stringify(r):String(r)}`).join(" · "):""}const O=25;function z(){const{t:i}=m(),[t,r]=x.useState(""),[d,c]=x.useState(""),[a]=$(d,300),o=N(),{first:l}=o;x.useEffect(()=>l(),[t,a,l]);const[u,f]=j({query:D,variables:{first:O,after:o.after,where:q(t,a)}});return e.jsxs(T,{title:i("audit.title"),description:i("audit.subtitle"),children:[e.jsxs(y,{align:"flex-end",gap:"md",role:"search",children:[e.jsx(b,{label:i("audit.filterFamily"),value:t,onChange:n=>r(n.currentTarget.value),data:[{value:"",label:i("audit.filterAll")},...F.map(n=>({value:n,label:i(`audit.family.${n}`)}))],"data-testid":"audit-family"}),e.jsx(v,{label:i("audit.filterText"),placeholder:i("audit.filterTextHint"),value:d,onChange:n=>c(n.currentTarget.value)})]}),e.jsx(E,{result:u,retry:()=>f({requestPolicy:"network-only"}),children:n=>e.jsxs(p,{gap:"sm",children:[e.jsx(Q,{data:n}),e.jsx(k,{page:o.page,hasNext:n.auditEvents.pageInfo.hasNextPage,onFirst:o.first,onNext:()=>o.next(n.auditEvents.pageInfo.endCursor)})]})})]})}function Q({data:i}){const{t,language:r}=m(),d=A(),c=(i.auditEvents.edges??[]).flatMap(a=>a?.node?[a.node]:[]);return c.length===0?e.jsx(S,{title:t("audit.empty")}):e.jsxs(p,{gap:"xs",children:[e.jsx(h,{size:"sm",c:"dimmed","aria-live":"polite",children:t("audit.total",{count:d.number(i.auditEvents.totalCount)})}),e.jsx("div",{className:"table-scroll",children:e.jsxs(s,{striped:!0,highlightOnHover:!0,verticalSpacing:"xs",miw:760,"data-testid":"audit-table",children:[e.jsx(s.Thead,{children:e.jsxs(s.Tr,{children:[e.jsx(s.Th,{scope:"col",children:t("audit.col.time")}),e.jsx(s.Th,{scope:"col",children:t("audit.col.actor")}),e.jsx(s.Th,{scope:"col",children:t("audit.col.action")}),e.jsx(s.Th,{scope:"col",children:t("audit.col.summary")}),e.jsx(s.Th,{scope:"col",children:t("audit.col.details")})]})}),e.jsx(s.Tbody,{children:c.map(a=>{const o=I(t,a),l=C(t,a.action),u=P(t,d,a)??w(t,d,r,a)??(r==="en"?a.summary:t("audit.text.generic",{actor:o,action:l}));return e.jsxs(s.Tr,{"data-action":a.action,children:[e.jsx(s.Td,{style:{whiteSpace:"nowrap"},children:e.jsx("time",{dateTime:a.createdAt,children:d.dateTime(a.createdAt)})}),e.jsx(s.Td,{"data-testid":"audit-actor",children:o}),e.jsx(s.Td,{title:a.action,"data-testid":"audit-action",children:l}),e.jsx(s.Td,{"data-testid":"audit-summary",children:u}),e.jsx(s.Td,{children:e.jsx(h,{size:"xs",c:"dimmed",lineClamp:2,children:L(a.details)})})]},a.id)})})]})})]})}export{z as AuditLogPage};
