import{aU as ze,aV as Y,aW as Be,aA as X,av as Q,aX as Oe,aB as J,aY as we,q as z,aE as Z,aL as de,aI as ee,au as qe,aS as Pe,ax as De,aw as We,aK as je,aZ as Re,aF as Fe,aR as Qe,aD as Ke,a_ as Ue,a9 as be,a$ as Ye,b0 as ge,b1 as He,aJ as Ge,g as x,u as ue,b as Ve,b2 as Xe,c as $e,b3 as Je,S as ce,E as Ze,d as ie,b4 as Se,b5 as et,G as le,b6 as tt,T as W,B as G,b7 as nt,t as st,b8 as ot,i as rt,r as at,p as xe,n as it,ao as ct,o as lt}from"./index-Br9qfagp.js";import{a as i,j as o}from"./client-BWXL2gH4.js";function dt(t,e){if(t===e||Number.isNaN(t)&&Number.isNaN(e))return!0;if(!(t instanceof Object)||!(e instanceof Object))return!1;const s=Object.keys(t),{length:n}=s;if(n!==Object.keys(e).length)return!1;for(let r=0;r<n;r+=1){const c=s[r];if(!(c in e)||t[c]!==e[c]&&!(Number.isNaN(t[c])&&Number.isNaN(e[c])))return!1}return!0}function ut(t,e){if(!t||!e)return!1;if(t===e)return!0;if(t.length!==e.length)return!1;for(let s=0;s<t.length;s+=1)if(!dt(t[s],e[s]))return!1;return!0}function pt(t){const e=i.useRef([]),s=i.useRef(0);return ut(e.current,t)||(e.current=t,s.current+=1),[s.current]}function Ce(t,e){i.useEffect(t,pt(e))}function mt(t,e,s={autoInvoke:!1}){const n=i.useRef(null),r=ze(t),c=i.useCallback((...u)=>{n.current||(n.current=window.setTimeout(()=>{r(...u),n.current=null},e))},[e]),l=i.useCallback(()=>{n.current&&(window.clearTimeout(n.current),n.current=null)},[]);return i.useEffect(()=>(s.autoInvoke&&c(),l),[l,c]),{start:c,clear:l}}function ft(t,e,s){const n=i.useRef(null);i.useEffect(()=>{n.current&&(n.current.disconnect(),n.current=null);const r=typeof s=="function"?s():s;return r&&(n.current=new MutationObserver(t),n.current.observe(r,e)),()=>{n.current&&(n.current.disconnect(),n.current=null)}},[t,e,s])}function ht(){const[t,e]=i.useState(!1);return i.useEffect(()=>e(!0),[]),t}function yt(t){return typeof t=="string"||typeof t=="number"||typeof t=="boolean"||typeof t=="bigint"}function vt(t,e){if(!e||!t)return!1;let s=e.parentNode;for(;s!=null;){if(s===t)return!0;s=s.parentNode}return!1}function bt({target:t,parent:e,ref:s,displayAfterTransitionEnd:n,onTransitionStart:r,onTransitionEnd:c}){const l=i.useRef(-1),u=i.useRef(t),[p,h]=i.useState(!1),[y,C]=i.useState(typeof n=="boolean"?n:!1),g=()=>{if(!t||!e||!s.current)return;const f=t.getBoundingClientRect(),d=e.getBoundingClientRect(),k=e.offsetWidth===0?1:d.width/e.offsetWidth,R=e.offsetHeight===0?1:d.height/e.offsetHeight,M=window.getComputedStyle(t),I=window.getComputedStyle(e),E=Y(M.borderTopWidth)+Y(I.borderTopWidth),m=Y(M.borderLeftWidth)+Y(I.borderLeftWidth),_={top:(f.top-d.top)/R-E,left:(f.left-d.left)/k-m,width:f.width/k,height:f.height/R};s.current.style.transform=`translateY(${_.top}px) translateX(${_.left}px)`,s.current.style.width=`${_.width}px`,s.current.style.height=`${_.height}px`},v=()=>{window.clearTimeout(l.current),s.current&&(s.current.style.transitionDuration="0ms"),g(),l.current=window.setTimeout(()=>{s.current&&(s.current.style.transitionDuration="")},30)},b=i.useRef(null),S=i.useRef(null);return i.useEffect(()=>{if(p&&u.current!==t&&r&&r(),u.current=t,g(),t)return b.current=new ResizeObserver(v),b.current.observe(t),e&&(S.current=new ResizeObserver(v),S.current.observe(e)),()=>{b.current?.disconnect(),S.current?.disconnect()}},[e,t]),i.useEffect(()=>{if(e){const f=d=>{vt(d.target,e)&&(v(),C(!1))};return e.addEventListener("transitionend",f),()=>{e.removeEventListener("transitionend",f)}}},[e]),i.useEffect(()=>{if(s.current&&c){const f=d=>{d.propertyName==="transform"&&c()};return s.current.addEventListener("transitionend",f),()=>{s.current?.removeEventListener("transitionend",f)}}},[c]),mt(()=>{Be()!=="test"&&h(!0)},20,{autoInvoke:!0}),ft(f=>{f.forEach(d=>{d.type==="attributes"&&d.attributeName==="dir"&&v()})},{attributes:!0,attributeFilter:["dir"]},()=>document.documentElement),{initialized:p,hidden:y}}var ke={root:"m_96b553a6"};const Me=Z((t,{transitionDuration:e},{shouldReduceMotion:s})=>({root:{"--transition-duration":t.respectReducedMotion&&s?"0ms":typeof e=="number"?`${e}ms`:e||"150ms"}})),te=X(t=>{const e=Q("FloatingIndicator",null,t),{classNames:s,className:n,style:r,styles:c,unstyled:l,vars:u,target:p,parent:h,transitionDuration:y,mod:C,displayAfterTransitionEnd:g,onTransitionStart:v,onTransitionEnd:b,attributes:S,ref:f,...d}=e,k=Oe(),R=J({name:"FloatingIndicator",classes:ke,props:e,className:n,style:r,classNames:s,styles:c,unstyled:l,attributes:S,vars:u,varsResolver:Me,stylesCtx:{shouldReduceMotion:k}}),M=i.useRef(null),{initialized:I,hidden:E}=bt({target:p,parent:h,ref:M,displayAfterTransitionEnd:g,onTransitionStart:v,onTransitionEnd:b}),m=we(f,M);return!p||!h?null:o.jsx(z,{ref:m,mod:[{initialized:I,hidden:E},C],...R("root"),...d})});te.displayName="@mantine/core/FloatingIndicator";te.classes=ke;te.varsResolver=Me;var Ie={root:"m_3eebeb36",label:"m_9e365f20"};const gt={orientation:"horizontal"},Ee=Z((t,{color:e,variant:s,size:n})=>({root:{"--divider-color":e?ee(e,t):void 0,"--divider-border-style":s,"--divider-size":de(n,"divider-size")}})),pe=X(t=>{const e=Q("Divider",gt,t),{classNames:s,className:n,style:r,styles:c,unstyled:l,vars:u,color:p,orientation:h,label:y,labelPosition:C,mod:g,attributes:v,...b}=e,S=J({name:"Divider",classes:Ie,props:e,className:n,style:r,classNames:s,styles:c,unstyled:l,attributes:v,vars:u,varsResolver:Ee});return o.jsx(z,{mod:[{orientation:h,withLabel:!!y},g],role:"separator","aria-orientation":h,...S("root"),...b,children:y&&o.jsx(z,{component:"span",mod:{position:C},...S("label"),children:y})})});pe.classes=Ie;pe.varsResolver=Ee;pe.displayName="@mantine/core/Divider";var _e={root:"m_cf365364",indicator:"m_9e182ccd",label:"m_1738fcb2",input:"m_1714d588",control:"m_69686b9b",innerLabel:"m_78882f40"};const St={withItemsBorders:!0},Ne=Z((t,{radius:e,color:s,transitionDuration:n,size:r,transitionTimingFunction:c})=>({root:{"--sc-radius":e===void 0?void 0:Fe(e),"--sc-color":s?ee(s,t):void 0,"--sc-shadow":s?void 0:"var(--mantine-shadow-xs)","--sc-transition-duration":n===void 0?void 0:`${n}ms`,"--sc-transition-timing-function":c,"--sc-padding":de(r,"sc-padding"),"--sc-font-size":Re(r)}})),me=qe(t=>{const e=Q("SegmentedControl",St,t),{classNames:s,className:n,style:r,styles:c,unstyled:l,vars:u,data:p,value:h,defaultValue:y,onChange:C,size:g,name:v,disabled:b,readOnly:S,fullWidth:f,orientation:d,radius:k,color:R,transitionDuration:M,transitionTimingFunction:I,variant:E,autoContrast:m,withItemsBorders:_,mod:w,attributes:D,ref:O,...F}=e,N=J({name:"SegmentedControl",props:e,classes:_e,className:n,style:r,classNames:s,styles:c,unstyled:l,attributes:D,vars:u,varsResolver:Ne}),L=Pe(),B=p.map(a=>yt(a)?{label:`${a}`,value:a}:a),ne=ht(),[se,oe]=i.useState(0),[U,re]=i.useState(null),[P,j]=i.useState({}),$=(a,A)=>{a===null||P[A]===a||(P[A]=a,j({...P}))},[T,ye]=De({value:h,defaultValue:y,finalValue:Array.isArray(p)?B.find(a=>!a.disabled)?.value??p[0]?.value??null:null,onChange:C}),q=We(v),ve=B.map(a=>`${a.value}`),Te=B.map(a=>i.createElement(z,{...N("control"),mod:{active:T===a.value,orientation:d},key:`${a.value}`},i.createElement("input",{...N("input"),disabled:b||a.disabled,type:"radio",name:q,value:`${a.value}`,id:`${q}-${a.value}`,checked:T===a.value,onChange:()=>!S&&ye(a.value),"data-focus-ring":L.focusRing,key:`${a.value}-input`}),i.createElement(z,{component:"label",...N("label"),mod:{active:T===a.value&&!(b||a.disabled),disabled:b||a.disabled,"read-only":S},htmlFor:`${q}-${a.value}`,ref:A=>$(A,`${a.value}`),__vars:{"--sc-label-color":R!==void 0?je({color:R,theme:L,autoContrast:m}):void 0},key:`${a.value}-label`},o.jsx("span",{...N("innerLabel"),children:a.label})))),Ae=we(O,re);return Ce(()=>{oe(a=>a+1)},[p.length]),Ce(()=>{j(a=>{const A={};return ve.forEach(ae=>{ae in a&&(A[ae]=a[ae])}),Object.keys(A).length===Object.keys(a).length?a:A})},[ve]),p.length===0?null:o.jsxs(z,{...N("root"),variant:E,size:g,ref:Ae,mod:[{"full-width":f,orientation:d,initialized:ne,"with-items-borders":_},w],...F,role:"radiogroup","data-disabled":b,children:[typeof T<"u"&&o.jsx(te,{target:P[`${T}`],parent:U,component:"span",transitionDuration:"var(--sc-transition-duration)",...N("indicator")},se),Te]})});me.classes=_e;me.varsResolver=Ne;me.displayName="@mantine/core/SegmentedControl";const[xt,Ct]=Qe("Stepper component was not found in tree"),V=()=>null;V.displayName="@mantine/core/StepperCompleted";var fe={root:"m_cbb4ea7e",steps:"m_aaf89d0b",separator:"m_2a371ac9",content:"m_78da155d",step:"m_cbb57068","step--horizontal":"m_f56b1e2c","step--vertical":"m_833edb7e",verticalSeparator:"m_6496b3f3",stepWrapper:"m_818e70b",stepIcon:"m_1959ad01",stepIconContent:"m_8faaac38",stepCompletedIcon:"m_a79331dc",stepBody:"m_1956aa2a",stepLabel:"m_12051f6c",stepDescription:"m_164eea74"};const H=(t,e)=>typeof t=="function"?o.jsx(t,{step:e||0}):t,wt={withIcon:!0,allowStepClick:!0,iconPosition:"left"},he=X(t=>{const{classNames:e,className:s,style:n,styles:r,vars:c,step:l,state:u,color:p,icon:h,completedIcon:y,progressIcon:C,label:g,description:v,withIcon:b,iconSize:S,loading:f,allowStepClick:d,allowStepSelect:k,iconPosition:R,orientation:M,mod:I,...E}=Q("StepperStep",wt,t),m=Ct(),_=Pe(),w={classNames:e,styles:r},D=u==="stepCompleted"?null:u==="stepProgress"?C:h,O={"data-progress":u==="stepProgress"||void 0,"data-completed":u==="stepCompleted"||void 0};return o.jsxs(Ke,{...m.getStyles("step",{className:s,style:n,variant:m.orientation,...w}),mod:[{iconPosition:R||m.iconPosition,allowClick:d,labelPosition:m.labelPosition},I],...O,...E,__vars:{"--step-color":p?ee(p,_):void 0},tabIndex:d?0:-1,children:[b&&o.jsxs("span",{...m.getStyles("stepWrapper",w),children:[o.jsxs("span",{...m.getStyles("stepIcon",w),...O,children:[o.jsx(Ue,{mounted:u==="stepCompleted",transition:"pop",duration:200,children:F=>o.jsx("span",{...m.getStyles("stepCompletedIcon",{style:F,...w}),children:f?o.jsx(be,{color:"var(--mantine-color-white)",size:"calc(var(--stepper-icon-size) / 2)",...m.getStyles("stepLoader",w)}):H(y,l)||o.jsx(Ye,{size:"60%"})})}),u!=="stepCompleted"?o.jsx("span",{...m.getStyles("stepIconContent",w),children:f?o.jsx(be,{...m.getStyles("stepLoader",w),size:"calc(var(--stepper-icon-size) / 2)",color:p}):H(D||h,l)}):null]}),M==="vertical"&&o.jsx("span",{...m.getStyles("verticalSeparator",w),"data-active":u==="stepCompleted"||void 0})]}),(g||v)&&o.jsxs("span",{...m.getStyles("stepBody",w),"data-orientation":m.orientation,"data-icon-position":R||m.iconPosition,children:[g&&o.jsx("span",{...m.getStyles("stepLabel",w),children:H(g,l)}),v&&o.jsx("span",{...m.getStyles("stepDescription",w),children:H(v,l)})]})]})});he.classes=fe;he.displayName="@mantine/core/StepperStep";const Pt={orientation:"horizontal",iconPosition:"left",labelPosition:"right",allowNextStepsSelect:!0,wrap:!0},Le=Z((t,{color:e,iconSize:s,size:n,contentPadding:r,radius:c,autoContrast:l})=>({root:{"--stepper-color":e?ee(e,t):void 0,"--stepper-icon-color":Ge(l,t)?je({color:e,theme:t,autoContrast:l}):void 0,"--stepper-icon-size":s===void 0?de(n,"stepper-icon-size"):He(s),"--stepper-content-padding":ge(r),"--stepper-radius":c===void 0?void 0:Fe(c),"--stepper-fz":Re(n),"--stepper-spacing":ge(n)}})),K=X(t=>{const e=Q("Stepper",Pt,t),{classNames:s,className:n,style:r,styles:c,unstyled:l,vars:u,children:p,onStepClick:h,active:y,icon:C,completedIcon:g,progressIcon:v,color:b,iconSize:S,contentPadding:f,orientation:d,iconPosition:k,size:R,radius:M,allowNextStepsSelect:I,wrap:E,labelPosition:m,autoContrast:_,keepMounted:w,attributes:D,...O}=e,F=J({name:"Stepper",classes:fe,props:e,className:n,style:r,classNames:s,styles:c,unstyled:l,attributes:D,vars:u,varsResolver:Le}),N=i.Children.toArray(p),L=N.filter(P=>P.type!==V),B=N.find(P=>P.type===V),ne=L.reduce((P,j,$)=>{const T=y===$?"stepProgress":y>$?"stepCompleted":"stepInactive",q=typeof h!="function"?!1:typeof j.props.allowStepSelect=="boolean"?j.props.allowStepSelect:T==="stepCompleted"||I;return P.push(i.cloneElement(j,{icon:j.props.icon||C||$+1,key:$,step:$,state:T,onClick:()=>q&&h?.($),allowStepClick:q,completedIcon:j.props.completedIcon||g,progressIcon:j.props.progressIcon||v,color:j.props.color||b,iconSize:S,iconPosition:j.props.iconPosition||k,orientation:d})),d==="horizontal"&&$!==L.length-1&&P.push(i.createElement("div",{...F("separator"),"data-active":$<y||void 0,"data-orientation":d,key:`separator-${$}`})),P},[]),se=L[y]?.props?.children,oe=B?.props?.children,U=y>L.length-1?oe:se,re=w?o.jsxs(o.Fragment,{children:[L.map((P,j)=>o.jsx(i.Activity,{mode:y===j?"visible":"hidden",children:o.jsx("div",{...F("content"),children:P.props.children})},j)),B&&o.jsx(i.Activity,{mode:y>L.length-1?"visible":"hidden",children:o.jsx("div",{...F("content"),children:B.props.children})})]}):U&&o.jsx("div",{...F("content"),children:U});return o.jsx(xt,{value:{getStyles:F,orientation:d,iconPosition:k,labelPosition:d==="vertical"?void 0:m},children:o.jsxs(z,{...F("root"),size:R,...O,children:[o.jsx(z,{...F("steps"),mod:{orientation:d,iconPosition:k,labelPosition:d==="vertical"?void 0:m,wrap:E&&d!=="vertical"},children:ne}),re]})})});K.classes=fe;K.varsResolver=Le;K.displayName="@mantine/core/Stepper";K.Completed=V;K.Step=he;x(`
  fragment MoneyFields on Money {
    amount
    currency
  }
`);x(`
  fragment PlanFields on Plan {
    code
    name
    rank
    maxUsers
    recordLimit
    storageGB
    freeBackupsPerMonth
    features
    monthlyPrice {
      ...MoneyFields
    }
    yearlyPrice {
      ...MoneyFields
    }
    teamMonthlyPrice {
      ...MoneyFields
    }
    teamYearlyPrice {
      ...MoneyFields
    }
  }
`);x(`
  fragment LicenseFields on LicenseUsage {
    kind
    purchased
    held
    active
    free
  }
`);x(`
  fragment SubscriptionFields on SubscriptionOverview {
    plan {
      code
      name
      rank
      maxUsers
    }
    effectivePlan {
      code
      name
      rank
      recordLimit
      storageGB
    }
    status
    cycle
    currency
    periodStart
    periodEnd
    nextRenewalAt
    nextRenewalAmount {
      ...MoneyFields
    }
    balance {
      ...MoneyFields
    }
    licenses {
      ...LicenseFields
    }
    addOns {
      code
      quantity
    }
    backupUnits
    trial {
      plan
      startedAt
      endsAt
    }
    triedPlans
    graceEndsAt
    retriesDone
    lastFailure
    lockedAt
    downgradeAt
    card {
      brand
      last4
      expMonth
      expYear
      addedAt
    }
    records
  }
`);x(`
  fragment PaymentLineFields on PaymentLine {
    kind
    product
    code
    licenseKind
    description
    quantity
    unitAmount
    seconds
    periodSeconds
    amount
  }
`);x(`
  fragment QuoteFields on Quote {
    lines {
      ...PaymentLineFields
    }
    subtotal {
      ...MoneyFields
    }
    creditApplied {
      ...MoneyFields
    }
    totalDue {
      ...MoneyFields
    }
    newBalance {
      ...MoneyFields
    }
    plan
    cycle
    regularLicenses
    teamLicenses
    addOns {
      code
      quantity
    }
    backupUnits
    periodStart
    periodEnd
    quotedAt
    validUntil
    token
  }
`);x(`
  fragment PaymentFields on Payment {
    id
    createdAt
    reference
    kind
    status
    source
    amount
    balanceApplied
    currency
    product
    plan
    description
    cardBrand
    cardLast4
    failureReason
    lines {
      ...PaymentLineFields
    }
  }
`);const Et=x(`
  query SubscriptionPage {
    currentSubscription {
      ...SubscriptionFields
    }
    plans {
      ...PlanFields
    }
    addOns {
      code
      name
      kind
      unit
      maxQuantity
      paidPlansOnly
      price {
        ...MoneyFields
      }
    }
  }
`),_t=x(`
  query QuoteChange($input: SubscriptionChangeInput!) {
    quoteChange(input: $input) {
      ...QuoteFields
    }
  }
`),Nt=x(`
  query Payments($first: Int!, $after: Cursor, $where: PaymentWhereInput) {
    payments(first: $first, after: $after, where: $where, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...PaymentFields
        }
      }
    }
  }
`),Lt=x(`
  mutation ChangeSubscription($input: SubscriptionChangeInput!, $idempotencyKey: String!, $quoteToken: String) {
    changeSubscription(input: $input, idempotencyKey: $idempotencyKey, quoteToken: $quoteToken) {
      subscription {
        ...SubscriptionFields
      }
      quote {
        ...QuoteFields
      }
      payment {
        ...PaymentFields
      }
    }
  }
`),Tt=x(`
  mutation StartTrial($plan: String!) {
    startTrial(plan: $plan) {
      ...SubscriptionFields
    }
  }
`),At=x(`
  mutation SwitchToFree {
    switchToFree {
      subscription {
        ...SubscriptionFields
      }
      payment {
        ...PaymentFields
      }
    }
  }
`),zt=x(`
  mutation RenewNow($idempotencyKey: String!) {
    renewNow(idempotencyKey: $idempotencyKey) {
      subscription {
        ...SubscriptionFields
      }
      payment {
        ...PaymentFields
      }
    }
  }
`),jt=x(`
  mutation SetPaymentMethod($card: CardInput!) {
    setPaymentMethod(card: $card) {
      brand
      last4
      expMonth
      expYear
      addedAt
    }
  }
`),Rt=x(`
  mutation RemovePaymentMethod {
    removePaymentMethod
  }
`),Ft={number:"",expiry:"",cvc:""};function $t({onSaved:t,onCancel:e,submitLabel:s}){const{t:n}=ue(),r=Ve(Ft,Xe),[{fetching:c},l]=$e(jt),[u,p]=i.useState(),h=Je(r.values.number),y=r.onSubmit(async v=>{p(void 0);const b=await l({card:nt(v)});if(b.data){r.reset(),t(b.data.setPaymentMethod);return}const S=st(b.error),f=ot(S.field);f?r.showServerErrors({[f]:S.message}):p(S)}),C=r.field("number"),g=r.field("expiry");return o.jsx("form",{onSubmit:y,noValidate:!0,"aria-label":n("card.formLabel"),"data-testid":"card-form",children:o.jsxs(ce,{gap:"sm",children:[u&&o.jsx(Ze,{error:u}),o.jsx(ie,{...C,onChange:v=>r.setValue("number",et(v.currentTarget.value)),label:n("card.number"),description:h?Se[h].name:n("card.numberHint"),inputMode:"numeric",autoComplete:"cc-number",maxLength:23,required:!0,"data-testid":"card-number"}),o.jsxs(le,{grow:!0,align:"flex-start",gap:"sm",children:[o.jsx(ie,{...g,onChange:v=>r.setValue("expiry",tt(v.currentTarget.value,r.values.expiry)),label:n("card.expiry"),placeholder:n("card.expiryPlaceholder"),inputMode:"numeric",autoComplete:"cc-exp",maxLength:9,required:!0,"data-testid":"card-expiry"}),o.jsx(ie,{...r.field("cvc"),label:n("card.cvc"),description:n("card.cvcHint",{digits:h?Se[h].cvc:"3–4"}),inputWrapperOrder:["label","input","description","error"],inputMode:"numeric",autoComplete:"cc-csc",maxLength:4,required:!0,"data-testid":"card-cvc"})]}),o.jsx(W,{size:"xs",c:"dimmed",children:n("card.privacy")}),o.jsxs(le,{justify:"flex-end",gap:"sm",children:[e&&o.jsx(G,{variant:"default",onClick:e,children:n("app.cancel")}),o.jsx(G,{type:"submit",loading:c,"data-testid":"card-save",children:s??n("card.save")})]})]})})}function kt({card:t}){const{t:e}=ue();return o.jsx(W,{size:"sm","data-testid":"card-on-file",children:e("card.onFile",{brand:ct(t.brand),last4:t.last4,month:String(t.expMonth).padStart(2,"0"),year:t.expYear})})}function Bt({card:t,onChanged:e,id:s}){const{t:n}=ue(),r=rt(),[c,l]=i.useState(!1),[u,p]=i.useState(!1),[{fetching:h},y]=$e(Rt),C=async()=>{const g=await y({});if(p(!1),g.error)return lt(n,g.error);xe(n("card.removed")),e()};return o.jsxs(at,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"card-heading",id:s,children:[o.jsxs(ce,{gap:"sm",children:[o.jsx(W,{fw:600,id:"card-heading",children:n("card.title")}),t?o.jsxs(ce,{gap:2,children:[o.jsx(kt,{card:t}),o.jsx(W,{size:"xs",c:"dimmed",children:n("card.added",{date:r.date(t.addedAt)})})]}):o.jsx(W,{size:"sm",c:"dimmed","data-testid":"no-card",children:n("card.none")}),c?o.jsx($t,{onSaved:()=>{l(!1),xe(n("card.saved")),e()},onCancel:()=>l(!1)}):o.jsxs(le,{gap:"sm",children:[o.jsx(G,{size:"sm",variant:"light",onClick:()=>l(!0),"data-testid":"card-edit",children:n(t?"card.replace":"card.add")}),t&&o.jsx(G,{size:"sm",variant:"subtle",color:"red",onClick:()=>p(!0),"data-testid":"card-remove",children:n("card.remove")})]})]}),o.jsx(it,{opened:u,title:n("card.removeTitle"),confirmLabel:n("card.removeConfirm"),busy:h,onConfirm:C,onCancel:()=>p(!1),children:n("card.removeBody")})]})}export{$t as C,pe as D,Nt as P,_t as Q,zt as R,K as S,kt as a,me as b,At as c,Lt as d,Et as e,Bt as f,Tt as g};
