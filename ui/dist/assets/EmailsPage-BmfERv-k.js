import{a as g,j as e}from"./client-BWXL2gH4.js";import{g as f,u as p,i as E,c as k,r as D,S as u,T as d,K as N,C as M,G as j,B as b,n as $,aP as F,p as v,t as R,o as w,x as O,N as I,d as T,Q as L,k as W,l as r,m as _,P as B}from"./index-Br9qfagp.js";import{u as q,P as z}from"./useCursorPager-Dw8lywRZ.js";import{C as A}from"./Checkbox-CtvFj0QS.js";const G=f(`
  query EmailSettings {
    emailSettings {
      matchWith
      addSentAutomatically
      keepAttachments
    }
    emailDropbox {
      address
      createdAt
      rotatedAt
    }
  }
`),H=f(`
  mutation UpdateEmailSettings($input: UpdateEmailSettingsInput!) {
    updateEmailSettings(input: $input) {
      matchWith
      addSentAutomatically
      keepAttachments
    }
  }
`),Q=f(`
  mutation RotateEmailDropbox {
    rotateEmailDropbox {
      address
      createdAt
      rotatedAt
    }
  }
`),U=f(`
  query Emails($first: Int!, $after: Cursor, $where: EmailWhereInput) {
    emails(first: $first, after: $after, where: $where, orderBy: { field: SENT_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          subject
          fromAddress
          direction
          sentAt
          leads {
            id
            firstName
            lastName
          }
          contacts {
            id
            firstName
            lastName
          }
          deals {
            id
            name
          }
          supportCase {
            id
            subject
          }
        }
      }
    }
  }
`);function X({dropbox:a}){const{t}=p(),i=E(),[s,o]=g.useState(!1),[m,h]=g.useState(!1),[{fetching:l},n]=k(Q),c=async()=>{const x=await n({});if(o(!1),x.data){v(t(a?"emails.dropbox.rotated":"emails.dropbox.created"));return}const S=R(x.error);S.code==="CONFLICT"&&S.message.includes("CRM_SMTP_DROPBOX_DOMAIN")?h(!0):w(t,x.error)};return e.jsxs(D,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"email-dropbox-heading",children:[e.jsxs(u,{gap:"sm",children:[e.jsx(d,{fw:600,id:"email-dropbox-heading",children:t("emails.dropbox.title")}),e.jsx(d,{size:"sm",c:"dimmed",children:t("emails.dropbox.hint")}),m?e.jsx(N,{color:"orange","data-testid":"email-dropbox-no-domain",children:t("emails.dropbox.noDomain",{setting:"CRM_SMTP_DROPBOX_DOMAIN"})}):a?e.jsxs(e.Fragment,{children:[e.jsx(M,{label:t("emails.dropbox.address"),value:a.address}),e.jsx(d,{size:"xs",c:"dimmed",children:t("emails.dropbox.since",{date:i.dateTime(a.rotatedAt)})}),e.jsx(j,{children:e.jsx(b,{variant:"default",color:"red",onClick:()=>o(!0),"data-testid":"email-dropbox-rotate",children:t("emails.dropbox.rotate")})})]}):e.jsxs(j,{children:[e.jsx(d,{size:"sm",children:t("emails.dropbox.none")}),e.jsx(b,{onClick:c,loading:l,"data-testid":"email-dropbox-create",children:t("emails.dropbox.create")})]})]}),e.jsxs($,{opened:s,title:t("emails.dropbox.confirmTitle"),confirmLabel:t("emails.dropbox.rotate"),busy:l,onConfirm:c,onCancel:()=>o(!1),children:[t("emails.dropbox.confirmBody"),a&&e.jsxs(e.Fragment,{children:[" ",e.jsx(F,{children:a.address})]})]})]})}const V=["ALL","LEADS","CONTACTS","DEALS","CASES"],Y={module:"ALL",from:"",to:""},K=/^(\d{4})-(\d{2})-(\d{2})$/;function y(a,t=0){const i=K.exec(a);if(!i)return;const[s,o,m]=[Number(i[1]),Number(i[2])-1,Number(i[3])],h=new Date(s,o,m+t),l=new Date(s,o,m);if(!(l.getFullYear()!==s||l.getMonth()!==o||l.getDate()!==m))return h.toISOString()}function P(a){return a.from!==""&&a.to!==""&&a.from>a.to}function Z(a){const t={};switch(a.module){case"LEADS":t.hasLeads=!0;break;case"CONTACTS":t.hasContacts=!0;break;case"DEALS":t.hasDeals=!0;break;case"CASES":t.hasSupportCase=!0;break}if(!P(a)){const i=y(a.from),s=y(a.to,1);i&&(t.sentAtGTE=i),s&&(t.sentAtLT=s)}return Object.keys(t).length>0?t:void 0}function C(a){return[a.firstName,a.lastName].filter(i=>i&&i.trim()!=="").join(" ")||a.email||a.id}const J=25,ee={additionalTypenames:["Email"]};function te(){const{t:a}=p(),[t,i]=g.useState(Y),s=q(),o=g.useMemo(()=>Z(t),[t]),[m,h]=O({query:U,variables:{first:J,after:s.after,where:o},context:ee,requestPolicy:"cache-and-network"}),l=n=>{i(c=>({...c,...n})),s.first()};return e.jsxs(u,{gap:"sm",component:"section","aria-labelledby":"emails-list-heading",children:[e.jsx(d,{fw:600,id:"emails-list-heading",children:a("emails.list.title")}),e.jsxs(j,{align:"flex-end",gap:"md",children:[e.jsx(I,{label:a("emails.filter.module"),data:V.map(n=>({value:n,label:a(`emails.filter.module.${n}`)})),value:t.module,onChange:n=>l({module:n.currentTarget.value}),"data-testid":"emails-filter-module"}),e.jsx(T,{type:"date",label:a("emails.filter.from"),value:t.from,onChange:n=>l({from:n.currentTarget.value}),"data-testid":"emails-filter-from"}),e.jsx(T,{type:"date",label:a("emails.filter.to"),value:t.to,onChange:n=>l({to:n.currentTarget.value}),"data-testid":"emails-filter-to"})]}),P(t)&&e.jsx(N,{color:"orange",role:"status",children:a("emails.filter.inverted")}),e.jsx(L,{result:m,retry:()=>h({requestPolicy:"network-only"}),children:n=>{const c=(n.emails.edges??[]).flatMap(x=>x?.node?[x.node]:[]);return e.jsxs(u,{gap:"sm",children:[c.length===0?e.jsx(W,{title:a(o?"emails.list.emptyFiltered":"emails.list.empty")}):e.jsxs(e.Fragment,{children:[e.jsx(d,{size:"sm",c:"dimmed",children:a("emails.list.total",{count:n.emails.totalCount})}),e.jsx(ae,{emails:c})]}),e.jsx(z,{page:s.page,hasNext:n.emails.pageInfo.hasNextPage,onFirst:s.first,onNext:()=>s.next(n.emails.pageInfo.endCursor)})]})}})]})}function ae({emails:a}){const{t}=p(),i=E();return e.jsx("div",{className:"table-scroll",children:e.jsxs(r,{verticalSpacing:"xs",miw:820,"data-testid":"emails-table",children:[e.jsx(r.Thead,{children:e.jsxs(r.Tr,{children:[e.jsx(r.Th,{scope:"col",children:t("emails.col.date")}),e.jsx(r.Th,{scope:"col",children:t("emails.col.subject")}),e.jsx(r.Th,{scope:"col",children:t("emails.col.direction")}),e.jsx(r.Th,{scope:"col",children:t("emails.col.records")}),e.jsx(r.Th,{scope:"col",children:t("emails.col.case")})]})}),e.jsx(r.Tbody,{children:a.map(s=>e.jsxs(r.Tr,{"data-testid":"email-row","data-direction":s.direction,children:[e.jsx(r.Td,{style:{whiteSpace:"nowrap"},children:e.jsx("time",{dateTime:s.sentAt,children:i.dateTime(s.sentAt)})}),e.jsxs(r.Td,{children:[e.jsx(d,{fw:500,size:"sm",children:s.subject||t("emails.noSubject")}),e.jsx(d,{size:"xs",c:"dimmed",children:s.fromAddress})]}),e.jsx(r.Td,{children:e.jsx(_,{variant:"light",color:s.direction==="OUTGOING"?"grape":"blue",style:{minWidth:"max-content"},children:t(`emails.direction.${s.direction}`)})}),e.jsx(r.Td,{"data-testid":"email-records",children:e.jsx(se,{email:s})}),e.jsx(r.Td,{"data-testid":"email-case",children:s.supportCase?s.supportCase.subject:t("app.none")})]},s.id))})]})})}function se({email:a}){const{t}=p(),i=[...(a.leads??[]).map(s=>({key:`l${s.id}`,kind:t("emails.record.lead"),name:C(s)})),...(a.contacts??[]).map(s=>({key:`c${s.id}`,kind:t("emails.record.contact"),name:C(s)})),...(a.deals??[]).map(s=>({key:`d${s.id}`,kind:t("emails.record.deal"),name:s.name}))];return i.length===0?e.jsx(e.Fragment,{children:t("app.none")}):e.jsx(u,{gap:2,children:i.map(s=>e.jsxs(d,{size:"sm","data-testid":"email-record",children:[e.jsx(d,{span:!0,c:"dimmed",size:"xs",children:s.kind})," ",s.name]},s.key))})}const ie=["BOTH","CONTACTS","LEADS"];function ne({settings:a}){const{t}=p(),[i,s]=g.useState(a),[{fetching:o},m]=k(H),h=i.matchWith!==a.matchWith||i.addSentAutomatically!==a.addSentAutomatically||i.keepAttachments!==a.keepAttachments,l=async n=>{n.preventDefault();const c=await m({input:{matchWith:i.matchWith,addSentAutomatically:i.addSentAutomatically,keepAttachments:i.keepAttachments}});c.error?w(t,c.error):v(t("emails.settings.saved"))};return e.jsx(D,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"email-settings-heading",children:e.jsx("form",{onSubmit:l,noValidate:!0,children:e.jsxs(u,{gap:"sm",children:[e.jsx(d,{fw:600,id:"email-settings-heading",children:t("emails.settings.title")}),e.jsx(I,{label:t("emails.settings.matchWith"),description:t("emails.settings.matchWithHint"),data:ie.map(n=>({value:n,label:t(`emails.match.${n}`)})),value:i.matchWith,onChange:n=>s({...i,matchWith:n.currentTarget.value}),maw:360,"data-testid":"email-match-with"}),e.jsx(A,{label:t("emails.settings.addSent"),description:t("emails.settings.addSentHint"),checked:i.addSentAutomatically,onChange:n=>s({...i,addSentAutomatically:n.currentTarget.checked}),"data-testid":"email-add-sent"}),e.jsx(A,{label:t("emails.settings.keepAttachments"),description:t("emails.settings.keepAttachmentsHint"),checked:i.keepAttachments,onChange:n=>s({...i,keepAttachments:n.currentTarget.checked}),"data-testid":"email-keep-attachments"}),e.jsx(j,{children:e.jsx(b,{type:"submit",loading:o,disabled:!h,"data-testid":"email-settings-save",children:t("emails.settings.save")})})]})})})}const re={additionalTypenames:["DropboxAddress"]};function me(){const{t:a}=p(),[t,i]=O({query:G,context:re});return e.jsx(B,{title:a("emails.title"),description:a("emails.subtitle"),children:e.jsxs(u,{gap:"lg",children:[e.jsx(L,{result:t,retry:()=>i({requestPolicy:"network-only"}),children:s=>e.jsxs(u,{gap:"lg",children:[e.jsx(ne,{settings:s.emailSettings}),e.jsx(X,{dropbox:s.emailDropbox})]})}),e.jsx(te,{})]})})}export{me as EmailsPage};
