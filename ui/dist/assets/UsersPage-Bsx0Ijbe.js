import{a as y,j as e,_ as W}from"./client-BWXL2gH4.js";import{g as w,u as A,a as J,b as Z,c as N,M as X,S as T,T as f,C as Y,G as I,B as b,E as O,d as q,N as M,L as ee,e as se,f as G,v as te,t as K,h as ie,i as _,j as F,k as ne,l as i,m as Q,n as ae,o as B,p as R,q as re,r as V,s as le,w as ce,A as de,x as P,P as oe,Q as z}from"./index-Br9qfagp.js";import{u as ue,P as he}from"./useCursorPager-Dw8lywRZ.js";import{c as me,l as xe}from"./billing-cE5udUNo.js";const pe=w(`
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
`),je=w(`
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
`),fe=w(`
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
`),ve=w(`
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
`),ye=w(`
  query Seats($first: Int!) {
    licenses(first: $first) {
      totalCount
      edges {
        node {
          id
          kind
          state
          assignedAt
          holder {
            id
            name
            email
            status
          }
        }
      }
    }
  }
`),L=["REGULAR","TEAM"];function H(){const{t:o}=A();return e.jsx(I,{mt:"xs",children:e.jsx(b,{component:G,href:"/subscription",size:"xs",variant:"light","data-testid":"buy-licenses",children:o("licenses.buy")})})}function Te({licenses:o,onClose:t,onInvited:d}){const{t:s,language:c}=A(),h=J("(max-width: 36em)"),a=Z({name:"",email:"",role:"STANDARD",licenseKind:"REGULAR",locale:c},te),[{fetching:m},r]=N(fe),[l,p]=y.useState(),[g,j]=y.useState(),D=a.onSubmit(async x=>{p(void 0);const v=await r({input:{name:x.name.trim(),email:x.email.trim(),role:x.role,licenseKind:x.licenseKind,locale:x.locale}});if(v.data){const S=v.data.inviteUser.user;j({name:S.name,email:S.email,password:v.data.inviteUser.temporaryPassword}),d();return}const C=K(v.error),n=C.code==="LICENSE_LIMIT"?{}:ie(C,a.fields);a.showServerErrors(n),Object.keys(n).length===0&&p(C)}),U=x=>o?.find(v=>v.kind===x)?.free,k=()=>{j(void 0),p(void 0),a.reset()};return e.jsx(X,{opened:!0,onClose:t,title:s("invite.title"),size:"lg",fullScreen:h,closeOnClickOutside:!1,closeButtonProps:{"aria-label":s("app.close")},children:g?e.jsxs(T,{"data-testid":"invite-done",children:[e.jsx(f,{size:"sm",children:s("invite.doneBody",{name:g.name,email:g.email})}),e.jsx(Y,{label:s("invite.password"),value:g.password}),e.jsx(f,{size:"xs",c:"dimmed",children:s("invite.passwordOnce")}),e.jsxs(I,{justify:"flex-end",children:[e.jsx(b,{variant:"default",onClick:k,"data-testid":"invite-another",children:s("invite.another")}),e.jsx(b,{onClick:t,"data-autofocus":!0,children:s("invite.done")})]})]}):e.jsx("form",{onSubmit:D,noValidate:!0,"aria-label":s("invite.title"),children:e.jsxs(T,{gap:"sm",children:[l&&e.jsxs("div",{"data-testid":"invite-error",children:[e.jsx(O,{error:l}),l.code==="LICENSE_LIMIT"&&e.jsxs(T,{gap:0,mt:"xs",children:[e.jsx(f,{size:"sm",children:s("invite.licenseLimitHelp")}),e.jsx(H,{})]})]}),e.jsx(q,{label:s("invite.name"),required:!0,autoComplete:"off",...a.field("name"),"data-testid":"invite-name"}),e.jsx(q,{label:s("invite.email"),required:!0,type:"email",autoComplete:"off",...a.field("email"),"data-testid":"invite-email"}),e.jsxs(I,{grow:!0,align:"flex-start",wrap:"wrap",children:[e.jsx(M,{label:s("invite.role"),data:[{value:"STANDARD",label:s("role.STANDARD")},{value:"ADMIN",label:s("role.ADMIN")}],...a.field("role"),miw:160}),e.jsx(M,{label:s("invite.license"),data:L.map(x=>{const v=U(x);return{value:x,label:v===void 0?s(`license.${x}`):s("invite.licenseOption",{kind:s(`license.${x}`),free:Math.max(0,v)})}}),...a.field("licenseKind"),miw:160,"data-testid":"invite-license"}),e.jsx(M,{label:s("invite.locale"),data:ee.map(x=>({value:x,label:se[x]})),...a.field("locale"),miw:120})]}),e.jsx(f,{size:"xs",c:"dimmed",children:s("invite.explain")}),e.jsxs(I,{justify:"flex-end",children:[e.jsx(b,{variant:"default",onClick:t,children:s("app.cancel")}),e.jsx(b,{type:"submit",loading:m,"data-testid":"invite-submit",children:s("invite.submit")})]})]})})})}function Se({data:o,licenses:t,onChanged:d}){const{t:s}=A(),c=_(),{viewer:h,admin:u}=F(),a=(o.users.edges??[]).flatMap(n=>n?.node?[n.node]:[]),[m,r]=y.useState(),[l,p]=y.useState(),[g,j]=y.useState(),[,D]=N(ve),[,U]=N(ge),[{fetching:k},x]=N(be),v=async(n,S)=>{p(void 0),j(n.id);const $=S==="deactivate"?await D({id:n.id}):await U({id:n.id});if(j(void 0),$.error){const E=K($.error);E.code==="LICENSE_LIMIT"||E.code==="CONFLICT"||E.code==="VALIDATION"?p(E):B(s,$.error)}else R(s(S==="deactivate"?"users.deactivated":"users.activated",{name:n.name}));d()},C=async()=>{if(!m)return;const n=await x({id:m.id});n.error?B(s,n.error):R(s("users.deleted",{name:m.name})),r(void 0),d()};return a.length===0?e.jsx(ne,{title:s("users.empty")}):e.jsxs(T,{gap:"xs",children:[l&&e.jsxs("div",{"data-testid":"users-error",children:[e.jsx(O,{error:l}),l.code==="LICENSE_LIMIT"&&e.jsx(H,{})]}),e.jsx(f,{size:"sm",c:"dimmed",children:s("users.total",{count:c.number(o.users.totalCount)})}),e.jsx("div",{className:"table-scroll",children:e.jsxs(i,{striped:!0,verticalSpacing:"xs",miw:u?960:760,"data-testid":"user-table",children:[e.jsx(i.Thead,{children:e.jsxs(i.Tr,{children:[e.jsx(i.Th,{scope:"col",children:s("users.col.name")}),e.jsx(i.Th,{scope:"col",children:s("users.col.email")}),e.jsx(i.Th,{scope:"col",children:s("users.col.role")}),e.jsx(i.Th,{scope:"col",children:s("users.col.status")}),e.jsx(i.Th,{scope:"col",children:s("users.col.license")}),e.jsx(i.Th,{scope:"col",style:{whiteSpace:"nowrap"},children:s("users.col.lastSignIn")}),u&&e.jsx(i.Th,{scope:"col",children:e.jsx("span",{className:"sr-only",children:s("users.col.actions")})})]})}),e.jsx(i.Tbody,{children:a.map(n=>{const S=u&&n.id!==h.id&&n.role!=="SUPER_ADMIN",$=n.status==="DEACTIVATED"&&t!==void 0&&!me(t.find(E=>E.kind===n.licenseKind));return e.jsxs(i.Tr,{"data-email":n.email,children:[e.jsx(i.Td,{fw:500,children:n.name}),e.jsx(i.Td,{className:"wrap-anywhere",children:n.email}),e.jsx(i.Td,{children:s(`role.${n.role}`)}),e.jsx(i.Td,{children:e.jsx(Q,{color:n.status==="ACTIVE"?"teal":"gray",variant:"light",style:{minWidth:"max-content"},children:s(`userStatus.${n.status}`)})}),e.jsx(i.Td,{children:s(`license.${n.licenseKind}`)}),e.jsx(i.Td,{style:{whiteSpace:"nowrap"},children:n.lastSignInAt?e.jsx("time",{dateTime:n.lastSignInAt,children:c.dateTime(n.lastSignInAt)}):s("tokens.never")}),u&&e.jsx(i.Td,{ta:"right",children:S&&e.jsxs(I,{gap:4,justify:"flex-end",wrap:"nowrap",children:[n.status==="ACTIVE"?e.jsx(b,{size:"xs",variant:"subtle",loading:g===n.id,onClick:()=>v(n,"deactivate"),"aria-label":s("users.deactivateLabel",{name:n.name}),children:s("users.deactivate")}):e.jsx(b,{size:"xs",variant:"subtle",loading:g===n.id,onClick:()=>v(n,"activate"),"aria-label":s("users.activateLabel",{name:n.name}),title:$?s("users.noFreeLicense",{kind:s(`license.${n.licenseKind}`)}):void 0,children:s("users.activate")}),e.jsx(b,{size:"xs",variant:"subtle",color:"red",onClick:()=>r(n),"aria-label":s("users.deleteLabel",{name:n.name}),children:s("users.delete")})]})})]},n.id)})})]})}),e.jsx(ae,{opened:m!==void 0,title:m?s("users.deleteTitle",{name:m.name}):"",confirmLabel:s("users.deleteConfirm"),busy:k,onConfirm:C,onCancel:()=>r(void 0),children:s("users.deleteBody")})]})}function Ie({labels:o,series:t,description:d,height:s=160}){const{language:c}=A(),h=y.useRef(null),u=JSON.stringify([o,t,c]);return y.useEffect(()=>{let a,m=!1;return W(async()=>{const{drawStackedBars:r}=await import("./chartjs-Is620W6j.js");return{drawStackedBars:r}},[]).then(({drawStackedBars:r})=>{!m&&h.current&&(a=r(h.current,{labels:o,series:t,locale:c}))}),()=>{m=!0,a?.destroy()}},[u]),e.jsx(re,{pos:"relative",h:s,children:e.jsx("canvas",{ref:h,role:"img","aria-label":d,"data-testid":"license-chart"})})}const we={active:"#228be6",deactivated:"#adb5bd",free:"#40c057",over:"#fa5252"};function Ae({data:o}){const{t}=A(),d=_(),s=o.currentSubscription,c=L.map(r=>xe(s.licenses.find(l=>l.kind===r)??{kind:r,purchased:0,held:0,active:0})),h=["active","deactivated","free","over"],u=h.filter(r=>r!=="over"||c.some(l=>l.over>0)).map(r=>({label:t(`licenses.part.${r}`),values:c.map(l=>l[r]),color:we[r]})),a=L.map(r=>t(`license.${r}`)),m=`${t("licenses.chart")}: ${c.map((r,l)=>`${a[l]} — ${h.map(p=>`${t(`licenses.part.${p}`)} ${d.number(r[p])}`).join(", ")}`).join("; ")}`;return e.jsx(V,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"licenses-heading",children:e.jsxs(T,{gap:"sm",children:[e.jsxs(I,{justify:"space-between",wrap:"wrap",children:[e.jsx(f,{fw:600,id:"licenses-heading",children:t("licenses.title")}),e.jsxs(f,{size:"sm",c:"dimmed",children:[t("licenses.plan",{plan:le(t,s.plan.code,s.plan.name)}),s.plan.maxUsers>0?` · ${t("licenses.maxUsers",{max:d.number(s.plan.maxUsers)})}`:""]})]}),e.jsxs(ce,{cols:{base:1,sm:2},spacing:"md",children:[e.jsxs(i,{verticalSpacing:4,"data-testid":"license-table",children:[e.jsx(i.Thead,{children:e.jsxs(i.Tr,{children:[e.jsx(i.Th,{scope:"col",children:t("licenses.kind")}),e.jsx(i.Th,{scope:"col",ta:"right",children:t("licenses.purchased")}),e.jsx(i.Th,{scope:"col",ta:"right",children:t("licenses.used")}),e.jsx(i.Th,{scope:"col",ta:"right",children:t("licenses.free")})]})}),e.jsx(i.Tbody,{children:L.map(r=>{const l=s.licenses.find(p=>p.kind===r)??{purchased:0,held:0,active:0,free:0};return e.jsxs(i.Tr,{"data-kind":r,children:[e.jsx(i.Th,{scope:"row",fw:500,children:t(`license.${r}`)}),e.jsx(i.Td,{ta:"right",children:d.number(l.purchased)}),e.jsxs(i.Td,{ta:"right",children:[d.number(l.held),l.held>l.active&&e.jsxs(f,{span:!0,size:"xs",c:"dimmed",children:[" ",t("licenses.deactivatedNote",{count:d.number(l.held-l.active)})]})]}),e.jsx(i.Td,{ta:"right",c:l.purchased>0&&l.free<=0?"red":void 0,fw:l.purchased>0&&l.free<=0?600:void 0,"data-testid":`license-free-${r}`,children:d.number(l.free)})]},r)})})]}),e.jsx(Ie,{labels:a,series:u,description:m})]}),e.jsxs(f,{size:"xs",c:"dimmed",children:[t("licenses.explain")," ",e.jsx(de,{component:G,href:"/subscription",size:"xs",children:t("licenses.buy")})]})]})})}function Ee({data:o}){const{t}=A(),d=_(),s=(o.licenses.edges??[]).flatMap(c=>c?.node?[c.node]:[]);return e.jsx(V,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"seats-heading","data-testid":"seats-card",children:e.jsxs(T,{gap:"sm",children:[e.jsx(f,{fw:600,id:"seats-heading",children:t("seats.title")}),L.map(c=>{const h=s.filter(a=>a.kind===c),u=h.filter(a=>a.state==="ASSIGNED");return e.jsxs(T,{gap:4,"data-testid":`seats-${c}`,children:[e.jsxs(I,{gap:"xs",children:[e.jsx(f,{fw:500,children:t(`license.${c}`)}),e.jsx(f,{size:"sm",c:"dimmed","data-testid":`seats-summary-${c}`,children:t("seats.summary",{total:h.length,assigned:u.length,free:h.length-u.length})})]}),u.length>0&&e.jsxs(i,{verticalSpacing:2,fz:"sm",children:[e.jsx(i.Thead,{children:e.jsxs(i.Tr,{children:[e.jsx(i.Th,{scope:"col",children:t("seats.holder")}),e.jsx(i.Th,{scope:"col",children:t("seats.since")})]})}),e.jsx(i.Tbody,{children:u.map(a=>e.jsxs(i.Tr,{"data-testid":"seat-holder",children:[e.jsxs(i.Td,{children:[a.holder?`${a.holder.name} <${a.holder.email}>`:t("app.none"),a.holder?.status==="DEACTIVATED"&&e.jsx(Q,{ml:"xs",size:"xs",color:"gray",variant:"light",children:t("seats.deactivated")})]}),e.jsx(i.Td,{children:a.assignedAt?d.date(a.assignedAt):t("app.none")})]},a.id))})]})]},c)}),o.licenses.totalCount>s.length&&e.jsx(f,{size:"xs",c:"dimmed",children:t("seats.more",{count:o.licenses.totalCount-s.length})})]})})}const Ce=50,$e=200;function ke(){const{t:o}=A(),{admin:t}=F(),d=ue(),[s,c]=P({query:pe,variables:{first:Ce,after:d.after}}),[h,u]=P({query:je,pause:!t}),[a,m]=P({query:ye,variables:{first:$e},pause:!t}),[r,l]=y.useState(!1),p=y.useCallback(()=>{c({requestPolicy:"network-only"}),t&&(u({requestPolicy:"network-only"}),m({requestPolicy:"network-only"}))},[t,c,u,m]),g=h.data?.currentSubscription.licenses;return e.jsxs(oe,{title:o("users.title"),description:o("users.subtitle"),actions:t&&e.jsx(b,{onClick:()=>l(!0),"data-testid":"invite-open",children:o("users.invite")}),children:[t&&e.jsx(z,{result:h,retry:()=>u({requestPolicy:"network-only"}),children:j=>e.jsx(Ae,{data:j})}),t&&e.jsx(z,{result:a,retry:()=>m({requestPolicy:"network-only"}),children:j=>e.jsx(Ee,{data:j})}),e.jsx(z,{result:s,retry:()=>c({requestPolicy:"network-only"}),children:j=>e.jsxs(T,{gap:"sm",children:[e.jsx(Se,{data:j,licenses:g,onChanged:p}),e.jsx(he,{page:d.page,hasNext:j.users.pageInfo.hasNextPage,onFirst:d.first,onNext:()=>d.next(j.users.pageInfo.endCursor)})]})}),r&&e.jsx(Te,{licenses:g,onClose:()=>l(!1),onInvited:p})]})}export{ke as UsersPage};
