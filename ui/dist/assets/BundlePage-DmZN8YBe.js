import{j as e,a as f}from"./client-BWXL2gH4.js";import{g as S,ap as te,u as A,i as z,r as $,S as b,ar as Q,l,T as i,m as se,j as oe,c as U,G as v,K as k,B as T,E as Y,n as ue,p as re,t as X,x as de,as as me,a as pe,M as xe,at as be,P as he,Q as fe,w as je,ac as I}from"./index-Br9qfagp.js";import{C as W}from"./Checkbox-CtvFj0QS.js";import{N as ye}from"./NumberInput-BQ0VhSTK.js";import{D as ge,C as Ee,a as we,S as _,b as Se}from"./CardSection-Db7th_01.js";import{n as Ae,i as Te,s as ve,a as De}from"./billing-cE5udUNo.js";S(`
  fragment BundleUserFields on User {
    id
    name
    email
  }
`);S(`
  fragment SuiteBundleFields on SuiteBundle {
    state
    members {
      service
      name
      hasFreeEdition
      access
      subscription {
        id
        service
        superAdmin {
          ...BundleUserFields
        }
        cycle
        users
        periodStart
        periodEnd
        paid {
          ...MoneyFields
        }
        endedAt
      }
    }
    trialStartedAt
    trialEndsAt
    daysLeft
    canExtend
    extensionDays
    canStartTrial
    blockers {
      service
      superAdmin {
        ...BundleUserFields
      }
    }
    contract {
      id
      cycle
      users
      addOns
      startedAt
      periodEnd
      price {
        ...MoneyFields
      }
    }
  }
`);S(`
  fragment BundleQuoteFields on BundleQuote {
    token
    expiresAt
    lines {
      kind
      service
      description
      amount {
        ...MoneyFields
      }
      from
      to
    }
    totalDue {
      ...MoneyFields
    }
    toBalance {
      ...MoneyFields
    }
  }
`);const Be=S(`
  query BundlePage {
    suiteBundle {
      ...SuiteBundleFields
    }
    currentSubscription {
      currency
      card {
        brand
        last4
        expMonth
        expYear
        addedAt
      }
    }
  }
`),ze=S(`
  query QuoteBundleUpgrade($input: BundleUpgradeInput!) {
    quoteBundleUpgrade(input: $input) {
      ...BundleQuoteFields
    }
  }
`),Ce=S(`
  mutation StartBundleTrial {
    startBundleTrial {
      ...SuiteBundleFields
    }
  }
`),Ne=S(`
  mutation ExtendBundleTrial {
    extendBundleTrial {
      ...SuiteBundleFields
    }
  }
`),ke=S(`
  mutation CancelBundle {
    cancelBundle {
      ...SuiteBundleFields
    }
  }
`),Oe=S(`
  mutation UpgradeBundle($input: BundleUpgradeInput!, $idempotencyKey: String!, $quoteToken: String) {
    upgradeBundle(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {
      bundle {
        ...SuiteBundleFields
      }
      payment {
        id
        reference
        status
        amount
        currency
      }
    }
  }
`);function R(n,t,d){const s=`bundle.service.${t}`;return te(s)?n(s):d??t}function ae(n,t){const d=`bundle.addOn.${t}`;return te(d)?n(d):t}function Ie(n,t){switch(t.kind){case"BUNDLE":return n("bundle.line.BUNDLE");case"CREDIT":return t.service?n("bundle.line.CREDIT",{service:R(n,t.service)}):t.description;case"BALANCE":return n("bundle.line.BALANCE");default:return t.description}}const q=1e4,V=20,Le=["EXTRA_STORAGE_100GB","AI_ASSISTANT","PREMIUM_SUPPORT"],M=["CRM","CAMPAIGNS","SALESIQ","DESK","PROJECTS","SOCIAL","SURVEY","ANALYTICS"],Re={BUNDLE:"teal",IN_BUNDLE:"teal",TRIAL_IN_BUNDLE:"blue",STANDALONE_ONLY:"orange",STANDALONE:"gray",FREE_EDITION:"gray",NONE:"red"},qe={NONE:"gray",TRIALING:"blue",EXTENDED:"blue",EXPIRED:"orange",CANCELLED:"gray",UPGRADED:"teal"},ie=n=>n==="TRIALING"||n==="EXTENDED";function Fe(n){const t=ie(n.state);return{startTrial:n.state==="NONE",upgrade:t||n.state==="EXPIRED",extend:(t||n.state==="EXPIRED")&&n.canExtend,cancel:t||n.state==="EXPIRED"}}function Ue(n){return n==null?"blue":n<=3?"red":n<=7?"orange":"blue"}const J=n=>typeof n=="object"&&n!==null,Z=n=>typeof n=="string"&&M.includes(n),L=n=>typeof n=="string"&&n!==""?n:void 0,ee=n=>typeof n=="number"?String(n):L(n);function Me(n){if(Z(n))return{service:n};if(!(!J(n)||!Z(n.service)))return J(n.superAdmin)?{service:n.service,id:ee(n.superAdmin.id),name:L(n.superAdmin.name),email:L(n.superAdmin.email)}:{service:n.service,id:ee(n.superAdminId),name:L(n.superAdminName),email:L(n.superAdminEmail)}}function ne(n,t=[],d){if(n.code!=="FORBIDDEN"||n.details.reason!=="BUNDLE_ADMINS_DIFFER")return;const s=Array.isArray(n.details.services)?n.details.services.map(Me).filter(r=>r!==void 0):[];return(s.length>0?s:t.map(r=>({service:r.service}))).map(r=>{const o=t.find(h=>h.service===r.service)?.superAdmin,m=r.id??o?.id,u={service:r.service,id:m,name:r.name??o?.name,email:r.email??o?.email};return d!==void 0&&m===d&&(u.self=!0),u})}function Pe(n){const t=n.members.map(s=>s.subscription).filter(s=>s!==null&&!s.endedAt),d=Math.min(q,Math.max(1,...t.map(s=>s.users)));return{cycle:t.some(s=>s.cycle==="YEARLY")?"YEARLY":"MONTHLY",users:d,addOns:[]}}function _e(n){const t={};return(!Number.isInteger(n.users)||n.users<1||n.users>q)&&(t.users={key:"bundle.wizard.error.users",params:{min:1,max:q}}),n.addOns.length>V&&(t.addOns={key:"bundle.wizard.error.addOns",params:{max:V}}),t}const Ye=n=>Object.values(n).some(t=>t!==void 0);function $e(n){const t={cycle:n.cycle,users:n.users},d=[...new Set(n.addOns)].sort();return d.length>0&&(t.addOns=d),t}function Qe(n){const t={BUNDLE:0,ADD_ON:1,CREDIT:2,BALANCE:3},d=s=>s.service?M.indexOf(s.service):-1;return n.map((s,a)=>({l:s,i:a})).sort((s,a)=>t[s.l.kind]-t[a.l.kind]||d(s.l)-d(a.l)||s.i-a.i).map(s=>s.l)}function Xe({members:n}){const{t}=A(),d=z(),s=[...n].sort((a,r)=>M.indexOf(a.service)-M.indexOf(r.service));return e.jsx($,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"bundle-members-heading",children:e.jsxs(b,{gap:"sm",children:[e.jsx(Q,{order:2,size:"h4",id:"bundle-members-heading",children:t("bundle.members.title")}),e.jsx("div",{className:"table-scroll",children:e.jsxs(l,{verticalSpacing:6,miw:640,"data-testid":"bundle-members",children:[e.jsx(l.Thead,{children:e.jsxs(l.Tr,{children:[e.jsx(l.Th,{scope:"col",children:t("bundle.members.col.service")}),e.jsx(l.Th,{scope:"col",children:t("bundle.members.col.access")}),e.jsx(l.Th,{scope:"col",children:t("bundle.members.col.superAdmin")}),e.jsx(l.Th,{scope:"col",children:t("bundle.members.col.subscription")}),e.jsx(l.Th,{scope:"col",ta:"right",children:t("bundle.members.col.paid")})]})}),e.jsx(l.Tbody,{children:s.map(a=>{const r=a.subscription;return e.jsxs(l.Tr,{"data-testid":"bundle-member","data-service":a.service,"data-access":a.access,children:[e.jsxs(l.Td,{children:[e.jsx(i,{size:"sm",fw:600,children:R(t,a.service,a.name)}),!r&&e.jsx(i,{size:"xs",c:"dimmed",children:a.hasFreeEdition?t("bundle.members.freeEdition"):t("bundle.members.noFreeEdition")})]}),e.jsx(l.Td,{children:e.jsx(se,{color:Re[a.access],variant:"light","data-testid":"bundle-access",style:{whiteSpace:"nowrap"},children:t(`bundle.access.${a.access}`)})}),e.jsx(l.Td,{"data-testid":"bundle-super-admin",children:r?e.jsxs(e.Fragment,{children:[e.jsx(i,{size:"sm",children:r.superAdmin.name}),e.jsx(i,{size:"xs",c:"dimmed",style:{overflowWrap:"anywhere"},children:r.superAdmin.email})]}):e.jsx(i,{size:"sm",c:"dimmed",children:t("app.none")})}),e.jsx(l.Td,{children:r?e.jsxs(e.Fragment,{children:[e.jsx(i,{size:"sm",children:t("bundle.members.plan",{cycle:t(`cycle.${r.cycle}`),users:d.number(r.users)})}),e.jsx(i,{size:"xs",c:"dimmed",children:t("bundle.members.period",{start:d.date(r.periodStart),end:d.date(r.periodEnd)})}),r.endedAt&&e.jsx(i,{size:"xs",c:"dimmed",children:t("bundle.members.endedAt",{date:d.date(r.endedAt)})})]}):e.jsx(i,{size:"sm",c:"dimmed",children:t("bundle.members.notPaid")})}),e.jsx(l.Td,{ta:"right",style:{whiteSpace:"nowrap"},children:r?e.jsx("span",{"data-amount":!0,children:d.money(r.paid.amount,r.paid.currency)}):t("app.none")})]},a.service)})})]})})]})})}function Ge({bundle:n,onUpgrade:t,onChanged:d}){const{t:s}=A(),a=z(),{org:r,viewer:o}=oe(),[m,u]=f.useState(),[h,j]=f.useState(),[E,w]=f.useState(!1),[{fetching:y},O]=U(Ce),[{fetching:D},C]=U(Ne),[{fetching:c},B]=U(ke),p=Fe(n),x=async(le,ce)=>{u(void 0),j(void 0);const G=await le();if(G.data)return re(ce),d(),!0;const K=X(G.error),H=ne(K,n.blockers,o.id);return H?j(H):u(K),!1},N=()=>x(()=>O({}),s("bundle.trial.started")),P=()=>x(()=>C({}),s("bundle.extend.done",{days:a.number(n.extensionDays)})),g=async()=>{await x(()=>B({}),s("bundle.cancel.done")),w(!1)},F=h??(p.startTrial&&!n.canStartTrial&&n.blockers.length>0?ne({code:"FORBIDDEN",details:{reason:"BUNDLE_ADMINS_DIFFER"}},n.blockers):void 0);return e.jsxs(b,{gap:"sm","data-testid":"bundle-status","data-state":n.state,children:[e.jsxs(v,{gap:"sm",children:[e.jsx(i,{size:"sm",c:"dimmed",children:s("bundle.state.label")}),e.jsx(se,{color:qe[n.state],variant:"light","data-testid":"bundle-state",children:s(`bundle.state.${n.state}`)})]}),p.startTrial&&e.jsx(k,{variant:"light",color:"blue",title:s("bundle.trial.offerTitle"),"data-testid":"bundle-offer",children:e.jsxs(b,{gap:"xs",children:[e.jsx(i,{size:"sm",children:s("bundle.trial.offerBody")}),e.jsx(v,{children:e.jsx(T,{size:"sm",onClick:N,loading:y,"data-testid":"bundle-start-trial",children:s("bundle.trial.start")})})]})}),F&&e.jsx(Ke,{asks:F,refused:h!==void 0}),ie(n.state)&&e.jsxs(k,{variant:"light",color:Ue(n.daysLeft),title:s("bundle.trial.daysLeft",{days:n.daysLeft??0}),"data-testid":"bundle-countdown","data-days-left":n.daysLeft??"",children:[e.jsx(i,{size:"sm",children:s("bundle.trial.endsAt",{date:a.dateTime(n.trialEndsAt),zone:r.timeZone})}),n.state==="EXTENDED"&&e.jsx(i,{size:"sm",mt:4,children:s("bundle.trial.extendedOnce")})]}),n.state==="EXPIRED"&&e.jsx(k,{variant:"light",color:"orange",title:s("bundle.expired.title"),"data-testid":"bundle-expired",children:e.jsx(i,{size:"sm",children:s("bundle.expired.body",{date:a.dateTime(n.trialEndsAt)})})}),n.state==="CANCELLED"&&e.jsx(i,{size:"sm","data-testid":"bundle-cancelled",children:s("bundle.cancelled.body")}),(p.upgrade||p.extend||p.cancel)&&e.jsxs(v,{gap:"sm","data-testid":"bundle-choices",children:[p.upgrade&&e.jsx(T,{onClick:t,"data-testid":"bundle-upgrade",children:s("bundle.choice.upgrade")}),p.extend&&e.jsx(T,{variant:"default",onClick:P,loading:D,"data-testid":"bundle-extend",children:s("bundle.choice.extend",{days:a.number(n.extensionDays)})}),p.cancel&&e.jsx(T,{variant:"subtle",color:"red",onClick:()=>w(!0),"data-testid":"bundle-cancel",children:s("bundle.choice.cancel")})]}),m&&e.jsx("div",{"data-testid":"bundle-error",children:e.jsx(Y,{error:m})}),e.jsx(ue,{opened:E,title:s("bundle.cancel.confirmTitle"),confirmLabel:s("bundle.cancel.confirm"),busy:c,onConfirm:g,onCancel:()=>w(!1),children:s("bundle.cancel.confirmBody")})]})}function Ke({asks:n,refused:t}){const{t:d}=A();return e.jsx(k,{variant:"light",color:"orange",title:d(t?"bundle.differ.refused":"bundle.differ.title"),role:t?"alert":void 0,"data-testid":"bundle-admins-differ","data-refused":t,children:e.jsxs(b,{gap:"xs",children:[e.jsx(i,{size:"sm",children:d("bundle.differ.body")}),e.jsx(b,{gap:2,component:"ul",style:{margin:0,paddingInlineStart:"1.2rem"},children:n.map(s=>e.jsx(i,{component:"li",size:"sm","data-testid":"bundle-ask","data-service":s.service,"data-self":s.self??!1,children:s.self?d("bundle.differ.you",{service:R(d,s.service)}):s.name?d("bundle.differ.ask",{service:R(d,s.service),admin:s.email?`${s.name} (${s.email})`:s.name}):d("bundle.differ.askUnknown",{service:R(d,s.service)})},s.service))})]})})}const He=(n,t)=>JSON.stringify({input:n,quote:t});async function We(n,t,d,s,a=Ae){const r=Te(n.current,He(t,d.token),a);n.current=r;const o=await s({input:t,idempotencyKey:r.key,quoteToken:d.token});if(o.data)return r.settled=!0,{kind:"paid",result:o.data};const m=X(o.error);ve(m.code)&&(r.settled=!0);const u=De(m);return u?{kind:"stale",reason:u.reason,quote:u.quote}:m.code==="PAYMENT_FAILED"?{kind:"declined",error:m}:{kind:"error",error:m}}function Ve({quote:n}){const{t}=A(),d=z(),s=Qe(n.lines);return e.jsxs(b,{gap:"xs","data-testid":"bundle-quote",children:[e.jsx("div",{className:"table-scroll",children:e.jsxs(l,{verticalSpacing:6,miw:440,"data-testid":"bundle-quote-lines",children:[e.jsx(l.Thead,{children:e.jsxs(l.Tr,{children:[e.jsx(l.Th,{scope:"col",children:t("quote.col.item")}),e.jsx(l.Th,{scope:"col",children:t("quote.col.period")}),e.jsx(l.Th,{scope:"col",ta:"right",children:t("quote.col.amount")})]})}),e.jsx(l.Tbody,{children:s.map((a,r)=>e.jsxs(l.Tr,{"data-testid":"bundle-quote-line","data-kind":a.kind,"data-service":a.service??"",children:[e.jsx(l.Td,{children:Ie(t,a)}),e.jsx(l.Td,{children:e.jsx(i,{size:"sm",c:"dimmed",children:a.from&&a.to?t("bundle.line.period",{from:d.date(a.from),to:d.date(a.to)}):""})}),e.jsx(l.Td,{ta:"right",style:{whiteSpace:"nowrap"},c:a.amount.amount<0?"teal":void 0,children:e.jsx("span",{"data-amount":!0,children:d.money(a.amount.amount,a.amount.currency)})})]},r))})]})}),e.jsx(ge,{}),e.jsxs(v,{justify:"space-between",wrap:"nowrap",children:[e.jsx(i,{fw:700,children:t("quote.totalDue")}),e.jsx(i,{size:"lg",fw:700,"data-testid":"bundle-quote-total",style:{whiteSpace:"nowrap"},children:d.money(n.totalDue.amount,n.totalDue.currency)})]}),n.toBalance.amount>0&&e.jsxs(v,{justify:"space-between",wrap:"nowrap",children:[e.jsx(i,{size:"sm",children:t("bundle.quote.toBalance")}),e.jsx(i,{size:"sm","data-testid":"bundle-quote-to-balance",style:{whiteSpace:"nowrap"},children:d.money(n.toBalance.amount,n.toBalance.currency)})]}),e.jsxs(i,{size:"xs",c:"dimmed","data-testid":"bundle-quote-expires",children:[t("bundle.quote.expiresAt",{time:d.dateTime(n.expiresAt)})," ",t("quote.taxFree")]})]})}function Je({input:n,intent:t,card:d,onDone:s,onRefresh:a}){const{t:r}=A(),o=z(),[m,u]=de({query:ze,variables:{input:n},requestPolicy:"network-only"}),[{fetching:h},j]=U(Oe),[E,w]=f.useState(),[y,O]=f.useState(),[D,C]=f.useState(),[c,B]=f.useState(!1),p=D??d,x=y?.quote??m.data?.quoteBundleUpgrade,N=(x?.totalDue.amount??0)>0,P=async()=>{if(!x)return;w(void 0);const g=await We(t,n,x,F=>j(F));switch(g.kind){case"paid":s(g.result.upgradeBundle);return;case"stale":O({reason:g.reason,quote:g.quote,was:x.totalDue.amount}),g.quote||u({requestPolicy:"network-only"});return;case"declined":w(g.error),a();return;default:w(g.error)}};return m.error&&!x?e.jsx(b,{mt:"md",children:e.jsx(Y,{error:X(m.error),onRetry:()=>u({requestPolicy:"network-only"})})}):x?e.jsxs(b,{gap:"md",mt:"md",children:[e.jsx(i,{fw:600,children:r("bundle.wizard.quoteTitle",{cycle:r(`cycle.${n.cycle}`),users:o.number(n.users)})}),y&&e.jsx(k,{color:"yellow",variant:"light",title:r("wizard.quoteRenewed"),role:"alert","data-testid":"bundle-quote-renewed","data-reason":y.reason,children:e.jsx(i,{size:"sm",children:r(y.reason==="QUOTE_EXPIRED"?"bundle.quote.expired":"bundle.quote.changed",{was:o.money(y.was,x.totalDue.currency),now:o.money(x.totalDue.amount,x.totalDue.currency)})})}),e.jsx(Ve,{quote:x}),E&&e.jsx("div",{"data-testid":"bundle-pay-error",children:E.code==="PAYMENT_FAILED"?e.jsxs(k,{color:"red",variant:"light",title:r("error.PAYMENT_FAILED"),role:"alert","data-error-code":E.code,children:[e.jsx(i,{size:"sm",children:r("bundle.wizard.declined",{reference:String(E.details.paymentReference??"—")})}),e.jsx(i,{size:"xs",c:"dimmed",mt:4,children:E.message})]}):e.jsx(Y,{error:E})}),N&&(!p||c)?e.jsxs(b,{gap:"xs",children:[e.jsx(i,{size:"sm",fw:600,children:r(p?"card.replace":"wizard.addCardToPay")}),e.jsx(Ee,{submitLabel:r("card.save"),onSaved:g=>{C(g),B(!1),w(void 0),a()},onCancel:p?()=>B(!1):void 0})]}):N&&p&&e.jsxs(v,{justify:"space-between",wrap:"wrap",children:[e.jsxs(b,{gap:0,children:[e.jsx(i,{size:"xs",c:"dimmed",children:r("wizard.paidWith")}),e.jsx(we,{card:p})]}),e.jsx(T,{variant:"subtle",size:"xs",onClick:()=>B(!0),"data-testid":"bundle-other-card",children:r("wizard.otherCard")})]}),e.jsx(v,{justify:"flex-end",children:e.jsx(T,{onClick:P,loading:h,disabled:N&&(!p||c),"data-testid":"bundle-pay",children:N?r("wizard.pay",{amount:o.money(x.totalDue.amount,x.totalDue.currency)}):r("bundle.wizard.confirm")})})]}):e.jsx(me,{})}const Ze=n=>typeof n=="number"?n:n.trim()===""?0:Number(n);function en({bundle:n,card:t,onClose:d,onDone:s,onRefresh:a}){const{t:r}=A(),o=z(),m=pe("(max-width: 48em)"),[u,h]=f.useState(0),[j,E]=f.useState(()=>Pe(n)),w=f.useRef(void 0),y=_e(j),O=f.useMemo(()=>$e(j),[j]),D=(c,B)=>E(p=>({...p,[c]:B})),C=c=>c?r(c.key,c.params):void 0;return e.jsxs(xe,{opened:!0,onClose:d,title:r("bundle.wizard.title"),size:"xl",fullScreen:m,closeOnClickOutside:!1,closeButtonProps:{"aria-label":r("app.close")},children:[e.jsxs(_,{active:u,onStepClick:h,allowNextStepsSelect:!1,size:"sm","data-testid":"bundle-wizard",children:[e.jsx(_.Step,{label:r("bundle.wizard.step.choose"),children:e.jsxs(b,{gap:"md",mt:"md",children:[e.jsxs(b,{gap:4,children:[e.jsx(i,{size:"sm",fw:500,id:"bundle-cycle-label",children:r("wizard.cycle")}),e.jsx(Se,{value:j.cycle,onChange:c=>D("cycle",c),data:[{value:"MONTHLY",label:r("cycle.MONTHLY")},{value:"YEARLY",label:r("cycle.YEARLY")}],"aria-labelledby":"bundle-cycle-label","data-testid":"bundle-wizard-cycle"})]}),e.jsx(ye,{label:r("bundle.wizard.users"),description:r("bundle.wizard.usersHint",{max:o.number(q)}),value:j.users,onChange:c=>D("users",Ze(c)),min:1,max:q,allowDecimal:!1,allowNegative:!1,error:C(y.users),maw:320,"data-testid":"bundle-wizard-users"}),e.jsx(W.Group,{value:j.addOns,onChange:c=>D("addOns",c),label:r("bundle.wizard.addOns"),description:r("bundle.wizard.addOnsHint"),error:C(y.addOns),children:e.jsx(b,{gap:"xs",mt:"xs",children:Le.map(c=>e.jsx(W,{value:c,label:ae(r,c),"data-testid":`bundle-wizard-addon-${c}`},c))})}),e.jsx(i,{size:"xs",c:"dimmed",children:r("bundle.wizard.creditsExplained")})]})}),e.jsx(_.Step,{label:r("bundle.wizard.step.review"),children:u===1&&e.jsx(Je,{input:O,intent:w,card:t,onDone:s,onRefresh:a})})]}),e.jsxs(v,{justify:"space-between",mt:"lg",children:[e.jsx(T,{variant:"default",onClick:u===0?d:()=>h(0),children:r(u===0?"app.cancel":"wizard.back")}),u===0&&e.jsx(T,{onClick:()=>h(1),disabled:Ye(y),"data-testid":"bundle-wizard-next",children:r("wizard.toQuote")})]})]})}function on(){const{t:n}=A(),[t,d]=de({query:Be}),{refreshOrg:s}=be(),a=f.useCallback(()=>{d({requestPolicy:"network-only"}),s()},[d,s]);return e.jsx(he,{title:n("bundle.title"),description:n("bundle.subtitle"),children:e.jsx(fe,{result:t,retry:()=>d({requestPolicy:"network-only"}),children:r=>e.jsx(nn,{data:r,refresh:a})})})}function nn({data:n,refresh:t}){const{t:d}=A(),s=z(),a=n.suiteBundle,[r,o]=f.useState(!1),m=u=>{o(!1);const h=u.payment;re(h?d("bundle.upgraded",{reference:h.reference,amount:s.money(h.amount,h.currency)}):d("bundle.upgradedFree")),t()};return e.jsxs(b,{gap:"lg",children:[e.jsxs(je,{cols:{base:1,md:a.contract?2:1},children:[e.jsx($,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"bundle-status-heading",children:e.jsxs(b,{gap:"sm",children:[e.jsx(Q,{order:2,size:"h4",id:"bundle-status-heading",children:d("bundle.status.title")}),e.jsx(Ge,{bundle:a,onUpgrade:()=>o(!0),onChanged:t})]})}),a.contract&&e.jsx(tn,{contract:a.contract})]}),e.jsx(Xe,{members:a.members}),r&&e.jsx(en,{bundle:a,card:n.currentSubscription.card,onClose:()=>o(!1),onDone:m,onRefresh:t})]})}function tn({contract:n}){const{t}=A(),d=z();return e.jsx($,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"bundle-contract-heading","data-testid":"bundle-contract",children:e.jsxs(b,{gap:"xs",children:[e.jsx(Q,{order:2,size:"h4",id:"bundle-contract-heading",children:t("bundle.contract.title")}),e.jsx(I,{label:t("sub.cycle"),children:t(`cycle.${n.cycle}`)}),e.jsx(I,{label:t("bundle.contract.users"),testId:"bundle-contract-users",children:d.number(n.users)}),n.addOns.length>0&&e.jsx(I,{label:t("sub.addOns"),children:n.addOns.map(s=>ae(t,s)).join(", ")}),e.jsx(I,{label:t("sub.period"),children:t("sub.periodValue",{start:d.date(n.startedAt),end:d.date(n.periodEnd)})}),e.jsx(I,{label:t("bundle.contract.price"),testId:"bundle-contract-price",children:d.money(n.price.amount,n.price.currency)}),e.jsx(i,{size:"xs",c:"dimmed",children:t("bundle.contract.note")})]})})}export{on as BundlePage};
