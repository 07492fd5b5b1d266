import{a as g,j as e,_ as V}from"./client-BWXL2gH4.js";import{g as w,u as A,a as H,b as J,c as $,M as W,S as I,T as j,C as Z,G as S,B as f,E as q,d as P,N as M,L as X,e as Y,f as O,v as ee,t as G,h as se,i as K,j as F,k as ie,l as n,m as te,n as ne,o as _,p as B,q as ae,r as re,s as le,w as ce,A as de,x as z,P as oe,Q as R}from"./index-nP8CG5Ll.js";import{u as ue,P as me}from"./useCursorPager-foMLCe4S.js";import{c as he,l as xe}from"./billing-BnZ3Dw6o.js";const pe=w(`
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
`),ve=w(`
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
`),je=w(`
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
`),fe=w(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      status
    }
  }
`),ge=w(`
  mutation ActivateUser($id: ID!) {
    activateUser(id: $id) {
      id
      status
    }
  }
`),be=w(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`),N=["REGULAR","TEAM"];function Q(){const{t:m}=A();return e.jsx(S,{mt:"xs",children:e.jsx(f,{component:O,href:"/subscription",size:"xs",variant:"light","data-testid":"buy-licenses",children:m("licenses.buy")})})}function ye({licenses:m,onClose:t,onInvited:c}){const{t:s,language:h}=A(),x=H("(max-width: 36em)"),l=J({name:"",email:"",role:"STANDARD",licenseKind:"REGULAR",locale:h},ee),[{fetching:u},a]=$(je),[r,d]=g.useState(),[b,E]=g.useState(),U=l.onSubmit(async o=>{d(void 0);const v=await a({input:{name:o.name.trim(),email:o.email.trim(),role:o.role,licenseKind:o.licenseKind,locale:o.locale}});if(v.data){const y=v.data.inviteUser.user;E({name:y.name,email:y.email,password:v.data.inviteUser.temporaryPassword}),c();return}const C=G(v.error),i=C.code==="LICENSE_LIMIT"?{}:se(C,l.fields);l.showServerErrors(i),Object.keys(i).length===0&&d(C)}),D=o=>m?.find(v=>v.kind===o)?.free,k=()=>{E(void 0),d(void 0),l.reset()};return e.jsx(W,{opened:!0,onClose:t,title:s("invite.title"),size:"lg",fullScreen:x,closeOnClickOutside:!1,closeButtonProps:{"aria-label":s("app.close")},children:b?e.jsxs(I,{"data-testid":"invite-done",children:[e.jsx(j,{size:"sm",children:s("invite.doneBody",{name:b.name,email:b.email})}),e.jsx(Z,{label:s("invite.password"),value:b.password}),e.jsx(j,{size:"xs",c:"dimmed",children:s("invite.passwordOnce")}),e.jsxs(S,{justify:"flex-end",children:[e.jsx(f,{variant:"default",onClick:k,"data-testid":"invite-another",children:s("invite.another")}),e.jsx(f,{onClick:t,"data-autofocus":!0,children:s("invite.done")})]})]}):e.jsx("form",{onSubmit:U,noValidate:!0,"aria-label":s("invite.title"),children:e.jsxs(I,{gap:"sm",children:[r&&e.jsxs("div",{"data-testid":"invite-error",children:[e.jsx(q,{error:r}),r.code==="LICENSE_LIMIT"&&e.jsxs(I,{gap:0,mt:"xs",children:[e.jsx(j,{size:"sm",children:s("invite.licenseLimitHelp")}),e.jsx(Q,{})]})]}),e.jsx(P,{label:s("invite.name"),required:!0,autoComplete:"off",...l.field("name"),"data-testid":"invite-name"}),e.jsx(P,{label:s("invite.email"),required:!0,type:"email",autoComplete:"off",...l.field("email"),"data-testid":"invite-email"}),e.jsxs(S,{grow:!0,align:"flex-start",wrap:"wrap",children:[e.jsx(M,{label:s("invite.role"),data:[{value:"STANDARD",label:s("role.STANDARD")},{value:"ADMIN",label:s("role.ADMIN")}],...l.field("role"),miw:160}),e.jsx(M,{label:s("invite.license"),data:N.map(o=>{const v=D(o);return{value:o,label:v===void 0?s(`license.${o}`):s("invite.licenseOption",{kind:s(`license.${o}`),free:Math.max(0,v)})}}),...l.field("licenseKind"),miw:160,"data-testid":"invite-license"}),e.jsx(M,{label:s("invite.locale"),data:X.map(o=>({value:o,label:Y[o]})),...l.field("locale"),miw:120})]}),e.jsx(j,{size:"xs",c:"dimmed",children:s("invite.explain")}),e.jsxs(S,{justify:"flex-end",children:[e.jsx(f,{variant:"default",onClick:t,children:s("app.cancel")}),e.jsx(f,{type:"submit",loading:u,"data-testid":"invite-submit",children:s("invite.submit")})]})]})})})}function Te({data:m,licenses:t,onChanged:c}){const{t:s}=A(),h=K(),{viewer:x,admin:p}=F(),l=(m.users.edges??[]).flatMap(i=>i?.node?[i.node]:[]),[u,a]=g.useState(),[r,d]=g.useState(),[b,E]=g.useState(),[,U]=$(fe),[,D]=$(ge),[{fetching:k},o]=$(be),v=async(i,y)=>{d(void 0),E(i.id);const L=y==="deactivate"?await U({id:i.id}):await D({id:i.id});if(E(void 0),L.error){const T=G(L.error);T.code==="LICENSE_LIMIT"||T.code==="CONFLICT"||T.code==="VALIDATION"?d(T):_(s,L.error)}else B(s(y==="deactivate"?"users.deactivated":"users.activated",{name:i.name}));c()},C=async()=>{if(!u)return;const i=await o({id:u.id});i.error?_(s,i.error):B(s("users.deleted",{name:u.name})),a(void 0),c()};return l.length===0?e.jsx(ie,{title:s("users.empty")}):e.jsxs(I,{gap:"xs",children:[r&&e.jsxs("div",{"data-testid":"users-error",children:[e.jsx(q,{error:r}),r.code==="LICENSE_LIMIT"&&e.jsx(Q,{})]}),e.jsx(j,{size:"sm",c:"dimmed",children:s("users.total",{count:h.number(m.users.totalCount)})}),e.jsx("div",{className:"table-scroll",children:e.jsxs(n,{striped:!0,verticalSpacing:"xs",miw:p?960:760,"data-testid":"user-table",children:[e.jsx(n.Thead,{children:e.jsxs(n.Tr,{children:[e.jsx(n.Th,{scope:"col",children:s("users.col.name")}),e.jsx(n.Th,{scope:"col",children:s("users.col.email")}),e.jsx(n.Th,{scope:"col",children:s("users.col.role")}),e.jsx(n.Th,{scope:"col",children:s("users.col.status")}),e.jsx(n.Th,{scope:"col",children:s("users.col.license")}),e.jsx(n.Th,{scope:"col",style:{whiteSpace:"nowrap"},children:s("users.col.lastSignIn")}),p&&e.jsx(n.Th,{scope:"col",children:e.jsx("span",{className:"sr-only",children:s("users.col.actions")})})]})}),e.jsx(n.Tbody,{children:l.map(i=>{const y=p&&i.id!==x.id&&i.role!=="SUPER_ADMIN",L=i.status==="DEACTIVATED"&&t!==void 0&&!he(t.find(T=>T.kind===i.licenseKind));return e.jsxs(n.Tr,{"data-email":i.email,children:[e.jsx(n.Td,{fw:500,children:i.name}),e.jsx(n.Td,{className:"wrap-anywhere",children:i.email}),e.jsx(n.Td,{children:s(`role.${i.role}`)}),e.jsx(n.Td,{children:e.jsx(te,{color:i.status==="ACTIVE"?"teal":"gray",variant:"light",style:{minWidth:"max-content"},children:s(`userStatus.${i.status}`)})}),e.jsx(n.Td,{children:s(`license.${i.licenseKind}`)}),e.jsx(n.Td,{style:{whiteSpace:"nowrap"},children:i.lastSignInAt?e.jsx("time",{dateTime:i.lastSignInAt,children:h.dateTime(i.lastSignInAt)}):s("tokens.never")}),p&&e.jsx(n.Td,{ta:"right",children:y&&e.jsxs(S,{gap:4,justify:"flex-end",wrap:"nowrap",children:[i.status==="ACTIVE"?e.jsx(f,{size:"xs",variant:"subtle",loading:b===i.id,onClick:()=>v(i,"deactivate"),"aria-label":s("users.deactivateLabel",{name:i.name}),children:s("users.deactivate")}):e.jsx(f,{size:"xs",variant:"subtle",loading:b===i.id,onClick:()=>v(i,"activate"),"aria-label":s("users.activateLabel",{name:i.name}),title:L?s("users.noFreeLicense",{kind:s(`license.${i.licenseKind}`)}):void 0,children:s("users.activate")}),e.jsx(f,{size:"xs",variant:"subtle",color:"red",onClick:()=>a(i),"aria-label":s("users.deleteLabel",{name:i.name}),children:s("users.delete")})]})})]},i.id)})})]})}),e.jsx(ne,{opened:u!==void 0,title:u?s("users.deleteTitle",{name:u.name}):"",confirmLabel:s("users.deleteConfirm"),busy:k,onConfirm:C,onCancel:()=>a(void 0),children:s("users.deleteBody")})]})}function Ie({labels:m,series:t,description:c,height:s=160}){const{language:h}=A(),x=g.useRef(null),p=JSON.stringify([m,t,h]);return g.useEffect(()=>{let l,u=!1;return V(async()=>{const{drawStackedBars:a}=await import("./chartjs-Is620W6j.js");return{drawStackedBars:a}},[]).then(({drawStackedBars:a})=>{!u&&x.current&&(l=a(x.current,{labels:m,series:t,locale:h}))}),()=>{u=!0,l?.destroy()}},[p]),e.jsx(ae,{pos:"relative",h:s,children:e.jsx("canvas",{ref:x,role:"img","aria-label":c,"data-testid":"license-chart"})})}const Se={active:"#228be6",deactivated:"#adb5bd",free:"#40c057",over:"#fa5252"};function we({data:m}){const{t}=A(),c=K(),s=m.currentSubscription,h=N.map(a=>xe(s.licenses.find(r=>r.kind===a)??{kind:a,purchased:0,held:0,active:0})),x=["active","deactivated","free","over"],p=x.filter(a=>a!=="over"||h.some(r=>r.over>0)).map(a=>({label:t(`licenses.part.${a}`),values:h.map(r=>r[a]),color:Se[a]})),l=N.map(a=>t(`license.${a}`)),u=`${t("licenses.chart")}: ${h.map((a,r)=>`${l[r]} — ${x.map(d=>`${t(`licenses.part.${d}`)} ${c.number(a[d])}`).join(", ")}`).join("; ")}`;return e.jsx(re,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"licenses-heading",children:e.jsxs(I,{gap:"sm",children:[e.jsxs(S,{justify:"space-between",wrap:"wrap",children:[e.jsx(j,{fw:600,id:"licenses-heading",children:t("licenses.title")}),e.jsxs(j,{size:"sm",c:"dimmed",children:[t("licenses.plan",{plan:le(t,s.plan.code,s.plan.name)}),s.plan.maxUsers>0?` · ${t("licenses.maxUsers",{max:c.number(s.plan.maxUsers)})}`:""]})]}),e.jsxs(ce,{cols:{base:1,sm:2},spacing:"md",children:[e.jsxs(n,{verticalSpacing:4,"data-testid":"license-table",children:[e.jsx(n.Thead,{children:e.jsxs(n.Tr,{children:[e.jsx(n.Th,{scope:"col",children:t("licenses.kind")}),e.jsx(n.Th,{scope:"col",ta:"right",children:t("licenses.purchased")}),e.jsx(n.Th,{scope:"col",ta:"right",children:t("licenses.used")}),e.jsx(n.Th,{scope:"col",ta:"right",children:t("licenses.free")})]})}),e.jsx(n.Tbody,{children:N.map(a=>{const r=s.licenses.find(d=>d.kind===a)??{purchased:0,held:0,active:0,free:0};return e.jsxs(n.Tr,{"data-kind":a,children:[e.jsx(n.Th,{scope:"row",fw:500,children:t(`license.${a}`)}),e.jsx(n.Td,{ta:"right",children:c.number(r.purchased)}),e.jsxs(n.Td,{ta:"right",children:[c.number(r.held),r.held>r.active&&e.jsxs(j,{span:!0,size:"xs",c:"dimmed",children:[" ",t("licenses.deactivatedNote",{count:c.number(r.held-r.active)})]})]}),e.jsx(n.Td,{ta:"right",c:r.purchased>0&&r.free<=0?"red":void 0,fw:r.purchased>0&&r.free<=0?600:void 0,"data-testid":`license-free-${a}`,children:c.number(r.free)})]},a)})})]}),e.jsx(Ie,{labels:l,series:p,description:u})]}),e.jsxs(j,{size:"xs",c:"dimmed",children:[t("licenses.explain")," ",e.jsx(de,{component:O,href:"/subscription",size:"xs",children:t("licenses.buy")})]})]})})}const Ae=50;function Ne(){const{t:m}=A(),{admin:t}=F(),c=ue(),[s,h]=z({query:pe,variables:{first:Ae,after:c.after}}),[x,p]=z({query:ve,pause:!t}),[l,u]=g.useState(!1),a=g.useCallback(()=>{h({requestPolicy:"network-only"}),t&&p({requestPolicy:"network-only"})},[t,h,p]),r=x.data?.currentSubscription.licenses;return e.jsxs(oe,{title:m("users.title"),description:m("users.subtitle"),actions:t&&e.jsx(f,{onClick:()=>u(!0),"data-testid":"invite-open",children:m("users.invite")}),children:[t&&e.jsx(R,{result:x,retry:()=>p({requestPolicy:"network-only"}),children:d=>e.jsx(we,{data:d})}),e.jsx(R,{result:s,retry:()=>h({requestPolicy:"network-only"}),children:d=>e.jsxs(I,{gap:"sm",children:[e.jsx(Te,{data:d,licenses:r,onChanged:a}),e.jsx(me,{page:c.page,hasNext:d.users.pageInfo.hasNextPage,onFirst:c.first,onNext:()=>c.next(d.users.pageInfo.endCursor)})]})}),l&&e.jsx(ye,{licenses:r,onClose:()=>u(!1),onInvited:a})]})}export{Ne as UsersPage};
