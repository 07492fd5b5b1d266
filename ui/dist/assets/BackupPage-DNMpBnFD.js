import{a as b,_ as qe,j as e}from"./client-BWXL2gH4.js";import{g as A,y as je,u as w,q as We,i as C,z as He,D as re,F as le,r as G,S as g,T as l,x as ae,Q as ue,k as Se,l as u,H as Ae,B,I as Ye,c as W,E as q,n as pe,J as Ke,p as X,t as H,a as he,G as S,K as Q,O as Ee,R as Ve,m as ne,U as me,V as de,W as Qe,X as Ge,j as be,Y as Ze,Z as Je,_ as ye,$ as Xe,a0 as et,a1 as tt,a2 as Ce,a3 as Ne,w as Re,N as se,a4 as st,a5 as at,a6 as nt,a7 as rt,d as it,a8 as ct,a9 as ot,aa as ut,ab as dt,ac as P,ad as De,M as Ie,ae as lt,f as pt,P as Oe,af as ht,ag as mt,ah as bt,ai as xt}from"./index-Br9qfagp.js";import{u as Pe,P as Me}from"./useCursorPager-Dw8lywRZ.js";import{l as kt,a as ft,s as xe,u as gt,c as ze}from"./labels-Lt_QnFlg.js";import{P as we}from"./Progress-Bjh4Hts-.js";import{N as ke}from"./NumberInput-BQ0VhSTK.js";import{i as jt,s as yt}from"./billing-cE5udUNo.js";A(`
  fragment BackupScheduleFields on BackupSchedule {
    id
    repeatType
    weekday
    dayOfMonth
    weekOfMonth
    startDate
    hour
    status
    nextRunAt
    createdByName
    createdAt
  }
`);A(`
  fragment BackupFileFields on BackupFile {
    id
    kind
    part
    name
    size
    downloadUrl
    expiresAt
  }
`);A(`
  fragment BackupRunFields on BackupRun {
    id
    createdAt
    repeatType
    slotAt
    state
    cover
    recordsDone
    recordsTotal
    records
    attachments
    totalBytes
    error
    requestedByName
    queuedAt
    startedAt
    archivedAt
    readyAt
    expiresAt
    endedAt
    files {
      ...BackupFileFields
    }
  }
`);A(`
  fragment BackupCostPreviewFields on BackupCostPreview {
    description
    months {
      month
      runs
      free
      addOn
      unitsNeeded
      cost {
        ...MoneyFields
      }
      fromOwned
      toBuy
      amountDue {
        ...MoneyFields
      }
    }
    unitPrice {
      ...MoneyFields
    }
    total {
      ...MoneyFields
    }
    unitsNeeded
    unitsOwned
    amountDue {
      ...MoneyFields
    }
  }
`);const wt=A(`
  query BackupPage {
    backupSummary {
      schedule {
        ...BackupScheduleFields
      }
      description
      nextBackupAt
      lastRun {
        id
        state
        slotAt
        repeatType
      }
      inProgress {
        id
        state
      }
      month
      freeBackupsPerMonth
      freeBackupsUsed
      freeBackupsLeft
      unitsLeft
      weeklyAddOn
      unitPrice {
        ...MoneyFields
      }
      records
      estimatedSeconds
      estimateMeasured
      timeZone
      backupNow {
        cover
        nextRunAt
        nextRunCoverBefore
        nextRunCoverAfter
        warnNextRun
      }
    }
    currentSubscription {
      plan {
        code
        name
      }
      status
      balance {
        ...MoneyFields
      }
      card {
        brand
        last4
        expMonth
        expYear
        addedAt
      }
    }
  }
`),vt=A(`
  query BackupRuns($first: Int!, $after: Cursor) {
    backupRuns(first: $first, after: $after, orderBy: { field: SLOT_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...BackupRunFields
        }
      }
    }
  }
`),Tt=A(`
  query BackupCostPreview($input: BackupScheduleInput!, $months: Int) {
    backupCostPreview(input: $input, months: $months) {
      ...BackupCostPreviewFields
    }
  }
`),Bt=A(`
  query BackupLog($first: Int!, $after: Cursor) {
    backupLog(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          actorName
          action
          summary
          details
        }
      }
    }
  }
`),St=A(`
  mutation ScheduleBackup($input: BackupScheduleInput!) {
    scheduleBackup(input: $input) {
      schedule {
        ...BackupScheduleFields
      }
      run {
        id
        state
      }
    }
  }
`),At=A(`
  mutation UpdateBackupSchedule($input: BackupScheduleInput!) {
    updateBackupSchedule(input: $input) {
      schedule {
        ...BackupScheduleFields
      }
    }
  }
`),Et=A(`
  mutation BackupNow {
    backupNow {
      id
      state
      slotAt
      repeatType
    }
  }
`),Ct=A(`
  mutation StopBackupSchedule {
    stopBackupSchedule {
      schedule {
        id
        status
      }
      cancelledRuns
      stillRunning
      nextBackupWouldHaveBeen
      weeklyAddOnActive
      message
    }
  }
`),Nt=A(`
  mutation CancelBackupRun($id: ID!) {
    cancelBackupRun(id: $id) {
      ...BackupRunFields
    }
  }
`),Rt=A(`
  mutation BuyBackupUnits($units: Int!, $idempotencyKey: String!) {
    buyBackupUnits(units: $units, idempotencyKey: $idempotencyKey) {
      subscription {
        backupUnits
      }
      payment {
        reference
        amount
        currency
      }
    }
  }
`),Dt=A(`
  mutation DowngradeBackupUnits($units: Int!) {
    downgradeBackupUnits(units: $units) {
      subscription {
        backupUnits
        balance {
          ...MoneyFields
        }
      }
      payment {
        reference
        amount
        currency
      }
    }
  }
`),It=A(`
  subscription BackupEvents {
    backupEvents {
      type
      title
      runId
      scheduleId
      state
      recordsDone
      recordsTotal
      at
      notificationId
      run {
        ...BackupRunFields
      }
    }
  }
`);function fe(s,i){const r=je[s.state],n=je[i.state];return r>n||r===n&&s.recordsDone>=i.recordsDone}function Ot(s,i){if(!i)return s;const r=s[i.id];return r&&!fe(i,r)?s:{...s,[i.id]:i}}function Pt(s,i){return s.map(r=>{const n=i[r.id];return n&&fe(n,r)&&n!==r?n:r})}function Mt(s,i){const r=new Map(i.map(d=>[d.id,d]));let n=!1;const a={};for(const[d,c]of Object.entries(s)){const t=r.get(d);t&&fe(t,c)?n=!0:a[d]=c}return n?a:s}function zt({labels:s,bars:i,line:r,description:n,height:a=260,testId:d}){const{language:c}=w(),t=b.useRef(null),p=JSON.stringify([s,i,r,c]);return b.useEffect(()=>{let o,h=!1;return qe(async()=>{const{drawBarLine:k}=await import("./chartjs-Is620W6j.js");return{drawBarLine:k}},[]).then(({drawBarLine:k})=>{!h&&t.current&&(o=k(t.current,{labels:s,bars:i,line:r,locale:c}))}),()=>{h=!0,o?.destroy()}},[p]),e.jsx(We,{pos:"relative",h:a,children:e.jsx("canvas",{ref:t,role:"img","aria-label":n,"data-testid":d})})}function Lt(s,i){return new Intl.NumberFormat(s,{style:"unit",unit:i,unitDisplay:"short"}).formatToParts(1).find(r=>r.type==="unit")?.value??i}function $t({runs:s}){const{t:i,language:r}=w(),n=C(),a=He(s),d=a.runs.map(t=>n.shortDate(t.startedAt??t.slotAt)),c=`${i("backup.chart.description",{count:a.runs.length})}: ${a.runs.map((t,p)=>`${n.dateTime(t.startedAt??t.slotAt)} — ${re(t.totalBytes,r)}, ${le(a.seconds[p],r)}`).join("; ")}`;return e.jsx(G,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"backup-chart-heading","data-testid":"backup-chart",children:e.jsxs(g,{gap:"sm",children:[e.jsx(l,{fw:600,id:"backup-chart-heading",children:i("backup.chart.title")}),a.runs.length===0?e.jsx(l,{size:"sm",c:"dimmed",children:i("backup.chart.empty")}):e.jsx(zt,{labels:d,bars:{label:i("backup.chart.size",{unit:Lt(r,a.unit)}),values:a.sizes,color:"#228be6"},line:{label:i("backup.chart.duration"),values:a.seconds,color:"#fd7e14"},description:c,testId:"backup-chart-canvas"})]})})}const Ft=50;function Ut({version:s}){const{t:i,language:r}=w(),n=C(),a=Pe(),[d,c]=ae({query:Bt,variables:{first:Ft,after:a.after}});return b.useEffect(()=>{s>0&&c({requestPolicy:"network-only"})},[s,c]),e.jsx(G,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"backup-log-heading","data-testid":"backup-log",children:e.jsxs(g,{gap:"sm",children:[e.jsxs(g,{gap:2,children:[e.jsx(l,{fw:600,id:"backup-log-heading",children:i("backup.log.title")}),e.jsx(l,{size:"sm",c:"dimmed",children:i("backup.log.subtitle")})]}),e.jsx(ue,{result:d,retry:()=>c({requestPolicy:"network-only"}),children:t=>{const p=(t.backupLog.edges??[]).flatMap(o=>o?.node?[o.node]:[]);return p.length===0?e.jsx(Se,{title:i("backup.log.empty")}):e.jsxs(g,{gap:"xs",children:[e.jsx("div",{className:"table-scroll",children:e.jsxs(u,{verticalSpacing:"xs",striped:!0,miw:760,"data-testid":"backup-log-table",children:[e.jsx(u.Thead,{children:e.jsxs(u.Tr,{children:[e.jsx(u.Th,{scope:"col",children:i("backup.log.col.when")}),e.jsx(u.Th,{scope:"col",children:i("backup.log.col.who")}),e.jsx(u.Th,{scope:"col",children:i("backup.log.col.what")}),e.jsx(u.Th,{scope:"col",children:i("backup.log.col.details")})]})}),e.jsx(u.Tbody,{children:p.map(o=>e.jsxs(u.Tr,{"data-action":o.action,children:[e.jsx(u.Td,{style:{whiteSpace:"nowrap"},children:e.jsx("time",{dateTime:o.createdAt,children:n.dateTime(o.createdAt)})}),e.jsx(u.Td,{children:!o.actorName||o.actorName==="System"?i("audit.system"):o.actorName}),e.jsx(u.Td,{fw:500,children:kt(i,o.action)}),e.jsx(u.Td,{children:e.jsx(l,{size:"sm",children:ft(i,n,r,o)})})]},o.id))})]})}),e.jsx(Me,{page:a.page,hasNext:t.backupLog.pageInfo.hasNextPage,onFirst:a.first,onNext:()=>a.next(t.backupLog.pageInfo.endCursor)})]})}})]})})}function Le(s=3e4){const[i,r]=b.useState(()=>Date.now());return b.useEffect(()=>{const n=setInterval(()=>r(Date.now()),s);return()=>clearInterval(n)},[s]),i}function $e({run:s,when:i,onBuy:r,onChanged:n}){const{t:a}=w(),d=C(),c=Ae(s);if(c){const t=s.state==="QUEUED"?a("backup.runs.queued"):s.state==="ARCHIVED"?a("backup.runs.finishing"):c.indeterminate?a("backup.runs.starting"):a("backup.runs.progress",{done:d.number(c.done),total:d.number(c.total)});return e.jsxs(g,{gap:2,children:[e.jsx(we.Root,{size:"sm",children:e.jsx(we.Section,{value:c.indeterminate?100:c.value,striped:c.indeterminate,animated:c.indeterminate,withAria:!1,role:"progressbar","aria-label":a("backup.runs.progressLabel",{date:i}),"aria-valuemin":0,"aria-valuemax":100,"aria-valuenow":c.indeterminate?void 0:c.value,"aria-valuetext":t,"data-testid":"run-progress","data-value":c.value})}),e.jsx(l,{size:"xs",c:"dimmed","aria-live":"polite",children:t})]})}switch(s.state){case"SCHEDULED":return e.jsx(_t,{run:s,when:i,onChanged:n});case"FAILED":return e.jsx(l,{size:"xs",c:"red",children:s.error});case"NEEDS_PURCHASE":return e.jsxs(g,{gap:4,align:"flex-start",children:[e.jsx(l,{size:"xs",children:a("backup.runs.needsPurchase")}),e.jsx(B,{size:"compact-xs",variant:"light",color:"orange",onClick:r,children:a("backup.now.buyOffer")})]});case"EXPIRED":return e.jsx(l,{size:"xs",c:"dimmed",children:a("backup.runs.expired")});case"CANCELLED":return e.jsx(l,{size:"xs",c:"dimmed",children:a("backup.runs.cancelled")});default:return null}}function _t({run:s,when:i,onChanged:r}){const{t:n}=w(),[a,d]=b.useState(!1),[c,t]=b.useState(),[{fetching:p},o]=W(Nt),h=async()=>{t(void 0);const k=await o({id:s.id});d(!1),k.data?X(n("backup.skip.done",{date:i})):t(H(k.error)),r()};return e.jsxs(g,{gap:4,align:"flex-start",children:[e.jsx(B,{size:"compact-xs",variant:"subtle",color:"gray",onClick:()=>d(!0),"data-testid":"skip-run",children:n("backup.runs.skip")}),c&&e.jsx(q,{error:c}),e.jsx(pe,{opened:a,title:n("backup.skip.title",{date:i}),confirmLabel:n("backup.skip.confirm"),busy:p,onConfirm:h,onCancel:()=>d(!1),children:n("backup.skip.body")})]})}function Fe({run:s,files:i,now:r}){const{t:n,language:a}=w(),d=C(),c=[...i].sort((h,k)=>h.kind===k.kind?h.part-k.part:h.kind==="DATA"?-1:1),t=h=>i.filter(k=>k.kind===h).length,p=s.expiresAt??c[0]?.expiresAt,o=p?Ke(p,r):void 0;return e.jsxs(g,{gap:4,align:"flex-start",children:[e.jsx(g,{gap:4,align:"flex-start",children:c.map(h=>{const k=n(`backup.file.${h.kind}`),j=t(h.kind)>1?n("backup.file.part",{kind:k,part:h.part}):k,m=re(h.size,a);return h.downloadUrl?e.jsx(B,{component:"a",href:Ye(h.downloadUrl),download:h.name,size:"compact-sm",variant:"light","aria-label":n("backup.file.downloadLabel",{name:h.name,size:m}),"data-testid":`download-${h.kind}-${h.part}`,children:n("backup.file.download",{kind:j,size:m})},h.id):null})}),o&&p&&e.jsx(l,{size:"xs",c:o.urgent?"orange":"dimmed",title:d.dateTime(p),"data-testid":"run-countdown",children:n(o.key,o.params)})]})}function qt({runs:s,total:i,pager:r,hasNext:n,endCursor:a,live:d,onBuy:c,onChanged:t}){const{t:p}=w(),o=C(),h=s.some(j=>Ae(j)!==void 0),k=he("(max-width: 48em)");return e.jsx(G,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"backup-runs-heading","data-testid":"backup-runs",children:e.jsxs(g,{gap:"sm",children:[e.jsxs(S,{justify:"space-between",wrap:"wrap",children:[e.jsx(l,{fw:600,id:"backup-runs-heading",children:p("backup.runs.title")}),i>0&&e.jsx(l,{size:"sm",c:"dimmed",children:p("backup.runs.total",{count:o.number(i)})})]}),h&&!d&&e.jsx(Q,{variant:"light",color:"gray","data-testid":"runs-offline",children:p("backup.runs.offline")}),s.length===0?e.jsx(Se,{title:p("backup.runs.empty")}):k?e.jsx(Ht,{runs:s,onBuy:c,onChanged:t}):e.jsx(Wt,{runs:s,onBuy:c,onChanged:t}),e.jsx(Me,{page:r.page,hasNext:n,onFirst:r.first,onNext:()=>r.next(a)})]})})}function Wt({runs:s,onBuy:i,onChanged:r}){const{t:n,language:a}=w(),d=C(),c=Le(3e4);return e.jsx("div",{className:"table-scroll",children:e.jsxs(u,{verticalSpacing:"xs",miw:820,"data-testid":"run-table",children:[e.jsx(u.Thead,{children:e.jsxs(u.Tr,{children:[e.jsx(u.Th,{scope:"col",children:n("backup.runs.col.when")}),e.jsx(u.Th,{scope:"col",miw:200,children:n("backup.runs.col.state")}),e.jsx(u.Th,{scope:"col",ta:"right",children:n("backup.runs.col.size")}),e.jsx(u.Th,{scope:"col",ta:"right",children:n("backup.runs.col.duration")}),e.jsx(u.Th,{scope:"col",children:n("backup.runs.col.cover")}),e.jsx(u.Th,{scope:"col",children:n("backup.runs.col.files")})]})}),e.jsx(u.Tbody,{children:s.map(t=>{const p=Ee(t),o=d.dateTime(t.slotAt);return e.jsxs(u.Tr,{"data-run-id":t.id,"data-state":t.state,children:[e.jsxs(u.Td,{style:{whiteSpace:"nowrap"},children:[e.jsx("time",{dateTime:t.slotAt,children:o}),e.jsxs(l,{size:"xs",c:"dimmed",children:[t.repeatType==="IMMEDIATE"?n("backup.runs.oneOff"):n("backup.runs.scheduled"),t.requestedByName?` · ${n("backup.runs.by",{name:t.requestedByName})}`:""]})]}),e.jsx(u.Td,{children:e.jsxs(g,{gap:4,children:[e.jsx(ne,{color:me[t.state],variant:"light",style:{minWidth:"max-content"},"data-testid":"run-state",children:n(`backup.state.${t.state}`)}),e.jsx($e,{run:t,when:o,onBuy:i,onChanged:r})]})}),e.jsxs(u.Td,{ta:"right",style:{whiteSpace:"nowrap"},children:[t.totalBytes>0?re(t.totalBytes,a):n("app.none"),t.state==="READY"&&e.jsx(l,{size:"xs",c:"dimmed",style:{whiteSpace:"normal"},children:n("backup.runs.records",{records:d.number(t.records),attachments:d.number(t.attachments)})})]}),e.jsx(u.Td,{ta:"right",style:{whiteSpace:"nowrap"},children:p!==void 0?le(p,a):n("app.none")}),e.jsx(u.Td,{style:{minWidth:"6em"},children:t.cover?n(`backup.cover.${t.cover}`):n("app.none")}),e.jsx(u.Td,{children:t.state==="READY"&&t.files&&t.files.length>0?e.jsx(Fe,{run:t,files:t.files,now:c}):n("app.none")})]},t.id)})})]})})}function Ht({runs:s,onBuy:i,onChanged:r}){const{t:n,language:a}=w(),d=C(),c=Le(3e4);return e.jsx(g,{component:"ul",gap:"sm",p:0,m:0,style:{listStyle:"none"},"data-testid":"run-list",children:s.map(t=>{const p=Ee(t),o=d.dateTime(t.slotAt),h=[t.totalBytes>0?re(t.totalBytes,a):void 0,p!==void 0?le(p,a):void 0,t.cover?n(`backup.cover.${t.cover}`):void 0].filter(Boolean);return e.jsx(Ve,{component:"li",withBorder:!0,radius:"md",p:"sm","data-run-id":t.id,"data-state":t.state,children:e.jsxs(g,{gap:6,children:[e.jsxs(S,{justify:"space-between",align:"flex-start",wrap:"nowrap",gap:"xs",children:[e.jsxs(g,{gap:0,children:[e.jsx(l,{size:"sm",fw:500,children:e.jsx("time",{dateTime:t.slotAt,children:o})}),e.jsxs(l,{size:"xs",c:"dimmed",children:[t.repeatType==="IMMEDIATE"?n("backup.runs.oneOff"):n("backup.runs.scheduled"),t.requestedByName?` · ${n("backup.runs.by",{name:t.requestedByName})}`:""]})]}),e.jsx(ne,{color:me[t.state],variant:"light",style:{minWidth:"max-content"},"data-testid":"run-state",children:n(`backup.state.${t.state}`)})]}),e.jsx($e,{run:t,when:o,onBuy:i,onChanged:r}),h.length>0&&e.jsx(l,{size:"xs",c:"dimmed",children:h.join(" · ")}),t.state==="READY"&&t.files&&t.files.length>0&&e.jsx(Fe,{run:t,files:t.files,now:c})]})},t.id)})})}function Yt({summary:s,onEdit:i,onStopped:r}){const{t:n,language:a}=w(),d=C(),[c,t]=b.useState(!1),[p,o]=b.useState(),[{fetching:h},k]=W(Ct),j=s.schedule;if(!j)return null;const m=async()=>{o(void 0);const v=await k({});t(!1),v.data?r(v.data.stopBackupSchedule):o(H(v.error))};return e.jsxs(g,{gap:"xs","data-testid":"active-schedule",children:[e.jsx(l,{fw:500,"data-testid":"active-schedule-words",children:xe(n,a,j)}),e.jsx(l,{size:"sm",c:"dimmed",children:n("backup.schedule.by",{name:j.createdByName,date:d.date(j.createdAt),start:de(a,j.startDate)})}),s.nextBackupAt&&e.jsxs(l,{size:"sm",children:[n("backup.summary.next"),": ",e.jsx("time",{dateTime:s.nextBackupAt,children:d.dateTime(s.nextBackupAt)})]}),p&&e.jsx(q,{error:p}),e.jsxs(S,{children:[e.jsx(B,{variant:"light",onClick:i,"data-testid":"edit-schedule",children:n("backup.schedule.edit")}),e.jsx(B,{color:"red",variant:"light",onClick:()=>t(!0),"data-testid":"stop-schedule",children:n("backup.schedule.stop")})]}),e.jsx(pe,{opened:c,title:n("backup.stop.title"),confirmLabel:n("backup.stop.confirm"),busy:h,onConfirm:m,onCancel:()=>t(!1),children:e.jsxs("span",{"data-testid":"stop-dialog-body",children:[n("backup.stop.body")," ",e.jsx("strong",{children:s.weeklyAddOn?n("backup.stop.addOnActive"):n("backup.stop.addOnNote")})]})})]})}function Kt({result:s,onClose:i}){const{t:r}=w(),n=C();return e.jsx(Q,{color:"teal",variant:"light",title:r("backup.stop.done"),withCloseButton:!0,onClose:i,closeButtonLabel:r("app.close"),role:"status","data-testid":"stop-result",children:e.jsxs(g,{gap:4,children:[s.nextBackupWouldHaveBeen&&e.jsx(l,{size:"sm",children:r("backup.stop.wouldHaveBeen",{date:n.dateTime(s.nextBackupWouldHaveBeen)})}),e.jsx(l,{size:"sm",children:r("backup.stop.cancelled",{count:n.number(s.cancelledRuns)})}),s.stillRunning>0&&e.jsx(l,{size:"sm",children:r("backup.stop.stillRunning",{count:n.number(s.stillRunning)})}),s.weeklyAddOnActive&&e.jsx(l,{size:"sm",fw:600,children:r("backup.stop.addOnStillActive")}),e.jsxs(l,{size:"xs",c:"dimmed","data-testid":"stop-message",children:[r("backup.stop.serverSaid")," ",s.message]})]})})}function Vt({preview:s,onBuy:i}){const{t:r,language:n}=w(),a=C(),d=s.total.currency,c=o=>a.money(o,d),t=Qe(s),p=o=>s.months.reduce((h,k)=>h+o(k),0);return e.jsxs(g,{gap:"xs","data-testid":"cost-preview",children:[e.jsx("div",{className:"table-scroll",children:e.jsxs(u,{verticalSpacing:6,miw:860,"data-testid":"cost-preview-table",children:[e.jsx(u.Thead,{children:e.jsxs(u.Tr,{children:[e.jsx(u.Th,{scope:"col",children:r("backup.preview.col.month")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.runs")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.free")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.addOn")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.units")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.cost")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.owned")}),e.jsx(u.Th,{scope:"col",ta:"right",children:r("backup.preview.col.due")})]})}),e.jsx(u.Tbody,{children:s.months.map(o=>e.jsxs(u.Tr,{"data-month":o.month,children:[e.jsxs(u.Th,{scope:"row",fw:500,children:[e.jsx(l,{size:"sm",fw:500,children:Ge(n,o.month)}),o.runs.length>0&&e.jsx(l,{size:"xs",c:"dimmed",children:o.runs.map(h=>a.shortDate(h)).join(n==="ja"?"、":", ")})]}),e.jsx(u.Td,{ta:"right",children:a.number(o.runs.length)}),e.jsx(u.Td,{ta:"right",children:a.number(o.free)}),e.jsx(u.Td,{ta:"right",children:a.number(o.addOn)}),e.jsx(u.Td,{ta:"right",children:a.number(o.unitsNeeded)}),e.jsx(u.Td,{ta:"right",style:{whiteSpace:"nowrap"},children:c(o.cost.amount)}),e.jsx(u.Td,{ta:"right",children:a.number(o.fromOwned)}),e.jsx(u.Td,{ta:"right",style:{whiteSpace:"nowrap"},children:c(o.amountDue.amount)})]},o.month))}),e.jsx(u.Tfoot,{children:e.jsxs(u.Tr,{fw:700,children:[e.jsx(u.Th,{scope:"row",children:r("backup.preview.total")}),e.jsx(u.Td,{ta:"right",children:a.number(p(o=>o.runs.length))}),e.jsx(u.Td,{ta:"right",children:a.number(p(o=>o.free))}),e.jsx(u.Td,{ta:"right",children:a.number(p(o=>o.addOn))}),e.jsx(u.Td,{ta:"right",children:a.number(s.unitsNeeded)}),e.jsx(u.Td,{ta:"right",style:{whiteSpace:"nowrap"},"data-testid":"cost-preview-total",children:c(s.total.amount)}),e.jsx(u.Td,{ta:"right",children:a.number(p(o=>o.fromOwned))}),e.jsx(u.Td,{ta:"right",style:{whiteSpace:"nowrap"},"data-testid":"cost-preview-due",children:c(s.amountDue.amount)})]})})]})}),e.jsxs(l,{size:"xs",c:"dimmed",children:[r("backup.preview.unitPrice",{price:c(s.unitPrice.amount)})," ",r("backup.preview.owned",{units:a.number(s.unitsOwned)})]}),e.jsxs(S,{justify:"space-between",wrap:"nowrap",children:[e.jsx(l,{fw:700,children:r("backup.preview.amountDue")}),e.jsx(l,{fw:700,size:"lg",style:{whiteSpace:"nowrap"},children:c(s.amountDue.amount)})]}),e.jsx(Q,{variant:"light",color:t.kind==="due"?"orange":"teal","data-testid":"cost-preview-outcome","data-kind":t.kind,children:e.jsxs(g,{gap:"xs",children:[e.jsx(l,{size:"sm",children:t.kind==="covered"?r("backup.preview.covered"):t.kind==="owned"?r(t.units===1?"backup.preview.ownedAllOne":"backup.preview.ownedAll",{units:a.number(t.units)}):r(t.units===1?"backup.preview.dueOne":"backup.preview.due",{units:a.number(t.units),amount:a.money(t.amount.amount,t.amount.currency)})}),t.kind==="due"&&e.jsx(S,{children:e.jsx(B,{size:"xs",variant:"light",color:"orange",onClick:()=>i(t.units),"data-testid":"preview-buy",children:t.units===1?r("backup.preview.buyOne"):r("backup.preview.buy",{units:a.number(t.units)})})})]})})]})}function Ue({error:s,onBuy:i}){const{t:r}=w();return e.jsxs("div",{"data-testid":"backup-now-error",children:[e.jsx(q,{error:s}),s.code==="NEEDS_PURCHASE"&&e.jsx(S,{mt:"xs",children:e.jsx(B,{size:"xs",variant:"light",onClick:i,"data-testid":"buy-offer",children:r("backup.now.buyOffer")})})]})}const ve=(s,i)=>JSON.stringify(s)===JSON.stringify(i);function Te({summary:s,editing:i,onScheduled:r,onCancel:n,onBackupNow:a,startingNow:d,onBuy:c}){const{t,language:p}=w(),o=C(),{org:h}=be(),k=s.timeZone||h.timeZone,j=Ze(k),[m,v]=b.useState(()=>i?Je(i,j):ye()),[E,R]=b.useState({}),[D,y]=b.useState(),[N,M]=b.useState(),[{fetching:z},I]=W(St),[{fetching:L},$]=W(At),Y=z||L;b.useEffect(()=>M(void 0),[s.unitsLeft,s.freeBackupsLeft,m.repeatType]);const Z=Xe(m,j),O=et(Z),F=b.useMemo(()=>tt(m),[m]),[f]=gt(F,250),[U,ie]=ae({query:Tt,variables:{input:f,months:f.repeatType==="IMMEDIATE"?1:3},pause:O||!ve(f,F),requestPolicy:"network-only"}),J=U.data&&ve(U.operation?.variables.input,F)?U.data.backupCostPreview:void 0,_=m.repeatType==="IMMEDIATE",K=(x,T)=>{v(V=>({...V,[x]:T})),R(V=>V[x]?{...V,[x]:void 0}:V),y(void 0)},ce=x=>{const T=Z[x];return E[x]?E[x]:T?t(T.key,T.params?.today?{...T.params,today:de(p,String(T.params.today))}:T.params):void 0},_e=async x=>{if(x.preventDefault(),O||!J)return;if(y(void 0),_){M(await a());return}const T=i?await $({input:F}):await I({input:F});if(T.data&&("updateBackupSchedule"in T.data?T.data.updateBackupSchedule.schedule:T.data.scheduleBackup.schedule)){v(ye()),r();return}const te=H(T.error),ge=te.code==="VALIDATION"?ut(te.field):void 0;ge?R({[ge]:te.message}):y(te)},oe=Ce(s),ee=Ne(s.backupNow);return e.jsx("form",{onSubmit:_e,noValidate:!0,"aria-label":t("backup.form.label"),"data-testid":"schedule-form",children:e.jsxs(g,{gap:"sm",children:[e.jsx(l,{size:"sm",c:"dimmed",children:t(i?"backup.schedule.editHint":"backup.schedule.none")}),e.jsxs(Re,{cols:{base:1,xs:2,lg:3},spacing:"sm",children:[e.jsx(se,{label:t("backup.form.repeat"),value:m.repeatType,onChange:x=>K("repeatType",x.currentTarget.value),data:st.filter(x=>!i||x!=="IMMEDIATE").map(x=>({value:x,label:t(`backup.repeat.${x}`)})),"data-testid":"schedule-repeat"}),m.repeatType==="MONTHLY_WEEKDAY"&&e.jsx(se,{label:t("backup.form.weekOfMonth"),value:m.weekOfMonth,onChange:x=>K("weekOfMonth",x.currentTarget.value),data:at.map(x=>({value:x,label:t(`backup.week.${x}`)})),error:E.weekOfMonth,"data-testid":"schedule-week"}),(m.repeatType==="WEEKLY"||m.repeatType==="TWICE_A_MONTH"||m.repeatType==="MONTHLY_WEEKDAY")&&e.jsx(se,{label:t("backup.form.weekday"),value:m.weekday,onChange:x=>K("weekday",x.currentTarget.value),data:nt.map(x=>({value:x,label:rt(p,x)})),error:E.weekday,"data-testid":"schedule-weekday"}),m.repeatType==="MONTHLY_DATE"&&e.jsx(ke,{label:t("backup.form.dayOfMonth"),description:t("backup.form.dayOfMonthHint"),value:m.dayOfMonth,onChange:x=>K("dayOfMonth",typeof x=="number"?x:x.trim()===""?"":Number(x)),min:1,max:31,allowDecimal:!1,allowNegative:!1,error:ce("dayOfMonth"),"data-testid":"schedule-day"}),!_&&e.jsx(it,{type:"date",label:t("backup.form.startDate"),description:t("backup.form.startDateHint",{today:de(p,j)}),value:m.startDate,min:j,onChange:x=>K("startDate",x.currentTarget.value),error:ce("startDate"),"data-testid":"schedule-start"}),!_&&e.jsx(se,{label:t("backup.form.hour",{zone:k}),value:String(m.hour),onChange:x=>K("hour",Number(x.currentTarget.value)),data:Array.from({length:24},(x,T)=>({value:String(T),label:ct(T)})),error:ce("hour"),"data-testid":"schedule-hour"})]}),e.jsxs(l,{size:"sm","aria-live":"polite",children:[e.jsxs(l,{span:!0,c:"dimmed",size:"sm",children:[t("backup.form.words"),":"]})," ",e.jsx(l,{span:!0,fw:600,size:"sm","data-testid":"schedule-words",children:xe(t,p,m)})]}),_&&e.jsx(l,{size:"sm",c:oe==="NONE"?"orange":"dimmed","data-testid":"now-cover",children:oe==="UNIT"?t("backup.now.coverUNIT",{units:o.number(s.unitsLeft)}):t(`backup.now.cover${oe}`)}),_&&ee&&e.jsxs(Q,{color:"orange",variant:"light","data-testid":"now-warning",children:[t(`backup.now.spends.${ee.spends}`)," ",t(`backup.now.next.${ee.next}`,{date:o.dateTime(ee.nextRunAt),price:o.money(s.unitPrice.amount,s.unitPrice.currency)})]}),e.jsxs(g,{gap:"xs",component:"section","aria-labelledby":"backup-preview-heading","data-testid":"cost-preview-section",children:[e.jsx(l,{fw:600,size:"sm",id:"backup-preview-heading",children:t("backup.preview.title")}),O?e.jsx(l,{size:"sm",c:"dimmed","data-testid":"cost-preview-invalid",children:t("backup.preview.fixForm")}):U.error&&!J?e.jsx(q,{error:H(U.error),onRetry:()=>ie({requestPolicy:"network-only"})}):J?e.jsx(Vt,{preview:J,onBuy:c}):e.jsxs(S,{gap:"xs",role:"status","aria-live":"polite",py:"md",children:[e.jsx(ot,{size:"xs"}),e.jsx(l,{size:"sm",c:"dimmed",children:t("backup.preview.loading")})]})]}),_&&N&&e.jsx(Ue,{error:N,onBuy:()=>c(1)}),D&&e.jsx("div",{"data-testid":"schedule-error",children:e.jsx(q,{error:D})}),e.jsxs(S,{justify:"space-between",wrap:"wrap",gap:"sm",children:[e.jsx(l,{size:"xs",c:"dimmed",style:{flex:"1 1 16rem"},children:t("backup.form.previewFirst")}),e.jsxs(S,{gap:"sm",children:[n&&e.jsx(B,{variant:"default",onClick:n,"data-testid":"schedule-edit-cancel",children:t("app.cancel")}),e.jsx(B,{type:"submit",loading:Y||_&&d,disabled:O||!J,"data-testid":"schedule-confirm",children:t(_?"backup.now":i?"backup.form.save":"backup.form.confirm")})]})]})]})})}function Qt({summary:s,onChanged:i,onBackupNow:r,startingNow:n,onBuy:a}){const{t:d}=w(),[c,t]=b.useState(),[p,o]=b.useState(!1);return e.jsx(G,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"backup-schedule-heading","data-testid":"backup-schedule",children:e.jsxs(g,{gap:"sm",children:[e.jsx(l,{fw:600,id:"backup-schedule-heading",children:d("backup.schedule.title")}),c&&e.jsx(Kt,{result:c,onClose:()=>t(void 0)}),s.schedule&&p?e.jsx(Te,{summary:s,editing:s.schedule,onScheduled:()=>{o(!1),X(d("backup.schedule.edited")),i()},onCancel:()=>o(!1),onBackupNow:r,startingNow:n,onBuy:a}):s.schedule?e.jsx(Yt,{summary:s,onEdit:()=>{t(void 0),o(!0)},onStopped:h=>{t(h),i()}}):e.jsx(Te,{summary:s,onScheduled:()=>{t(void 0),i()},onBackupNow:r,startingNow:n,onBuy:a})]})})}function Gt({summary:s,onBackupNow:i,startingNow:r,onBuy:n}){const{t:a,language:d}=w(),c=C(),t=s.schedule?.status??"NONE",p=Ce(s),[o,h]=b.useState(),[k,j]=b.useState(!1),m=Ne(s.backupNow),v=dt(s.estimatedSeconds,s.estimateMeasured,d),E=async()=>{j(!1),h(void 0),h(await i())};return b.useEffect(()=>h(void 0),[s.unitsLeft,s.freeBackupsLeft]),e.jsx(G,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"backup-summary-heading","data-testid":"backup-summary",children:e.jsxs(g,{gap:"xs",children:[e.jsxs(S,{justify:"space-between",wrap:"nowrap",children:[e.jsx(l,{fw:600,id:"backup-summary-heading",children:a("backup.summary.title")}),e.jsx(ne,{color:t==="ACTIVE"?"teal":"gray",variant:"light","data-testid":"schedule-status","data-status":t,children:a(`backup.scheduleStatus.${t}`)})]}),e.jsx(P,{label:a("backup.summary.schedule"),testId:"summary-repeat",children:s.schedule?xe(a,d,s.schedule):a("backup.summary.notScheduled")}),e.jsx(P,{label:a("backup.summary.next"),testId:"summary-next",children:s.nextBackupAt?e.jsx("time",{dateTime:s.nextBackupAt,children:c.dateTime(s.nextBackupAt)}):a("app.none")}),e.jsx(P,{label:a("backup.summary.last"),testId:"summary-last",children:s.lastRun?e.jsxs(S,{gap:6,justify:"flex-end",wrap:"wrap",children:[e.jsx("time",{dateTime:s.lastRun.slotAt,children:c.dateTime(s.lastRun.slotAt)}),e.jsx(ne,{size:"sm",variant:"light",color:me[s.lastRun.state],"data-state":s.lastRun.state,style:{minWidth:"max-content"},children:a(`backup.state.${s.lastRun.state}`)})]}):a("backup.summary.noRun")}),e.jsx(P,{label:a("backup.summary.free"),testId:"summary-free",children:a("backup.summary.freeValue",{left:c.number(s.freeBackupsLeft),total:c.number(s.freeBackupsPerMonth)})}),e.jsx(P,{label:a("backup.summary.units"),testId:"summary-units",children:c.number(s.unitsLeft)}),e.jsx(P,{label:a("backup.summary.addOn"),children:s.weeklyAddOn?a("backup.summary.addOnOn"):a("backup.summary.addOnOff")}),e.jsx(P,{label:a("backup.summary.estimate"),testId:"summary-estimate",children:a(v.key,{duration:v.duration??"",records:c.number(s.records)})}),e.jsxs(S,{gap:"sm",mt:"xs",wrap:"wrap",children:[e.jsx(B,{onClick:()=>m?j(!0):E(),loading:r,"data-testid":"backup-now",children:a("backup.now")}),e.jsx(l,{size:"xs",c:p==="NONE"?"orange":"dimmed",style:{flex:"1 1 12rem"},"data-testid":"summary-now-cover",children:p==="UNIT"?a("backup.now.coverUNIT",{units:c.number(s.unitsLeft)}):a(`backup.now.cover${p}`)})]}),o&&e.jsx(Ue,{error:o,onBuy:n}),m&&e.jsx(pe,{opened:k,title:a("backup.now.warnTitle"),confirmLabel:a("backup.now.warnConfirm"),busy:r,onConfirm:E,onCancel:()=>j(!1),children:e.jsxs("span",{"data-testid":"backup-now-warning",children:[a(`backup.now.spends.${m.spends}`)," ",a(`backup.now.next.${m.next}`,{date:c.dateTime(m.nextRunAt),price:c.money(s.unitPrice.amount,s.unitPrice.currency)})]})})]})})}function Zt({summary:s,billing:i,onBuy:r,onGiveBack:n}){const{t:a}=w(),d=C();return e.jsx(G,{withBorder:!0,radius:"md",component:"section","aria-labelledby":"backup-units-heading","data-testid":"backup-units",children:e.jsxs(g,{gap:"xs",children:[e.jsx(l,{fw:600,id:"backup-units-heading",children:a("backup.units.title")}),e.jsx(P,{label:a("backup.units.left"),testId:"units-left",children:d.number(s.unitsLeft)}),e.jsx(P,{label:a("backup.units.price"),children:d.money(s.unitPrice.amount,s.unitPrice.currency)}),e.jsx(P,{label:a("card.title"),children:i.card?ze(a,i.card):a("app.none")}),e.jsx(l,{size:"xs",c:"dimmed",children:a("backup.units.explain")}),e.jsxs(S,{gap:"sm",mt:"xs",children:[e.jsx(B,{variant:"light",onClick:r,"data-testid":"buy-units",children:a("backup.units.buy")}),e.jsx(B,{variant:"subtle",onClick:n,disabled:s.unitsLeft<=0,"data-testid":"give-back-units",children:a("backup.units.giveBack")})]})]})})}function Be(){const{t:s}=w();return e.jsx(S,{children:e.jsx(B,{component:pt,href:"/subscription",size:"xs",variant:"light","data-testid":"to-subscription",children:s("backup.units.toSubscription")})})}function Jt({initialUnits:s,unitPrice:i,card:r,onClose:n,onDone:a,onPaymentFailed:d}){const{t:c}=w(),t=C(),p=he("(max-width: 36em)"),[o,h]=b.useState(Math.max(1,s)),[k,j]=b.useState(!1),[m,v]=b.useState(),[{fetching:E},R]=W(Rt),D=b.useRef(void 0),y=De(o),N=typeof o=="number"?o:Number(o),M=y?void 0:t.money(N*i.amount,i.currency),z=async()=>{if(j(!0),y||!r)return;v(void 0);const I=jt(D.current,`units:${N}`);D.current=I;const L=await R({units:N,idempotencyKey:I.key});if(L.data){I.settled=!0;const Y=L.data.buyBackupUnits.payment;X(c(N===1?"backup.units.boughtOne":"backup.units.bought",{units:t.number(N),reference:Y?.reference??"—"})),a();return}const $=H(L.error);yt($.code)&&(I.settled=!0),v($),$.code==="PAYMENT_FAILED"&&d()};return e.jsx(Ie,{opened:!0,onClose:n,title:c("backup.units.buyTitle"),fullScreen:p,closeOnClickOutside:!1,closeButtonProps:{"aria-label":c("app.close")},children:e.jsxs(g,{gap:"sm","data-testid":"buy-units-dialog",children:[e.jsx(ke,{label:c("backup.units.count"),description:c("backup.preview.unitPrice",{price:t.money(i.amount,i.currency)}),value:o,onChange:h,onBlur:()=>j(!0),min:1,max:lt,allowDecimal:!1,allowNegative:!1,error:k&&y?c(y.key,y.params):void 0,"data-autofocus":!0,"data-testid":"buy-units-count"}),M&&e.jsx(l,{fw:600,"data-testid":"buy-units-total",children:c("backup.units.total",{amount:M})}),r?e.jsxs(l,{size:"sm",children:[c("backup.units.paidWith")," ",e.jsx("span",{"data-testid":"buy-units-card",children:ze(c,r)})]}):e.jsx(Q,{color:"orange",variant:"light","data-testid":"buy-units-no-card",children:e.jsxs(g,{gap:"xs",children:[e.jsx(l,{size:"sm",children:c("backup.units.noCard")}),e.jsx(Be,{})]})}),m&&e.jsx("div",{"data-testid":"buy-units-error",children:m.code==="PAYMENT_FAILED"?e.jsx(Q,{color:"red",variant:"light",title:c("error.PAYMENT_FAILED"),role:"alert","data-error-code":m.code,children:e.jsxs(g,{gap:"xs",children:[e.jsx(l,{size:"sm",children:c("backup.units.declined")}),m.message&&e.jsx(l,{size:"xs",c:"dimmed",children:m.message}),e.jsx(Be,{})]})}):e.jsx(q,{error:m})}),e.jsxs(S,{justify:"flex-end",children:[e.jsx(B,{variant:"default",onClick:n,children:c("app.cancel")}),e.jsx(B,{onClick:z,loading:E,disabled:!r||y!==void 0,"data-testid":"buy-units-pay",children:M?c("backup.units.pay",{amount:M}):c("backup.units.buy")})]})]})})}function Xt({unitsLeft:s,unitPrice:i,onClose:r,onDone:n}){const{t:a}=w(),d=C(),c=he("(max-width: 36em)"),[t,p]=b.useState(Math.min(1,s)),[o,h]=b.useState(),[{fetching:k},j]=W(Dt),m=De(t,Math.max(1,s)),v=typeof t=="number"?t:Number(t),E=async()=>{if(m)return;h(void 0);const R=await j({units:v});if(R.data){const D=R.data.downgradeBackupUnits.payment,y=D?d.money(D.amount,D.currency):d.money(v*i.amount,i.currency);X(a(v===1?"backup.units.returnedOne":"backup.units.returned",{units:d.number(v),amount:y})),n();return}h(H(R.error))};return e.jsx(Ie,{opened:!0,onClose:r,title:a("backup.units.giveBackTitle"),fullScreen:c,closeOnClickOutside:!1,closeButtonProps:{"aria-label":a("app.close")},children:e.jsxs(g,{gap:"sm","data-testid":"give-back-dialog",children:[e.jsx(l,{size:"sm",children:a("backup.units.giveBackBody",{units:d.number(s)})}),e.jsx(ke,{label:a("backup.units.count"),value:t,onChange:p,min:1,max:Math.max(1,s),allowDecimal:!1,allowNegative:!1,error:m?a(m.key,m.params):void 0,"data-autofocus":!0,"data-testid":"give-back-count"}),!m&&e.jsx(l,{fw:600,children:a("backup.units.refund",{amount:d.money(v*i.amount,i.currency)})}),o&&e.jsx(q,{error:o}),e.jsxs(S,{justify:"flex-end",children:[e.jsx(B,{variant:"default",onClick:r,children:a("app.cancel")}),e.jsx(B,{color:"red",onClick:E,loading:k,disabled:m!==void 0,"data-testid":"give-back-confirm",children:a("backup.units.giveBackConfirm")})]})]})})}const es=20,ts=5e3;function ds(){const{t:s}=w(),{admin:i}=be();return i?e.jsx(ss,{}):e.jsx(Oe,{title:s("backup.title"),description:s("backup.subtitle"),children:e.jsx(q,{error:{code:"FORBIDDEN",message:"",details:{}}})})}function ss(){const{t:s}=w(),{org:i}=be(),{status:r}=ht(),[n,a]=ae({query:wt}),d=Pe(),[c,t]=ae({query:vt,variables:{first:es,after:d.after}}),[p,o]=b.useState(0),[h,k]=b.useState({}),[j,m]=b.useState(),[v,E]=b.useState(!1),[{fetching:R},D]=W(Et),y=b.useCallback(()=>{a({requestPolicy:"network-only"}),t({requestPolicy:"network-only"}),o(f=>f+1)},[a,t]),N=b.useRef(void 0),M=b.useCallback(()=>{clearTimeout(N.current),N.current=setTimeout(y,150)},[y]);b.useEffect(()=>()=>clearTimeout(N.current),[]);const z=b.useMemo(()=>(c.data?.backupRuns.edges??[]).flatMap(f=>f?.node?[f.node]:[]),[c.data]),I=b.useMemo(()=>Pt(z,h),[z,h]),L=b.useRef(new Set);L.current=new Set(z.map(f=>f.id)),mt(It,{},f=>{const U=f.backupEvents;k(ie=>Ot(ie,U.run)),xt(U,L.current)&&M()}),b.useEffect(()=>k(f=>Mt(f,z)),[z]);const $=b.useRef(r);b.useEffect(()=>{$.current==="reconnecting"&&r==="live"&&y(),$.current=r},[r,y]);const Y=I.some(f=>bt(f.state));b.useEffect(()=>{if(!Y||r==="live")return;const f=setInterval(y,ts);return()=>clearInterval(f)},[Y,r,y]);const Z=async()=>{const f=await D({});if(!f.data)return H(f.error);X(s("backup.now.queued")),y()},O=n.data?.backupSummary,F=n.data?.currentSubscription;return e.jsxs(Oe,{title:s("backup.title"),description:s("backup.subtitle"),children:[e.jsx(ue,{result:n,retry:()=>a({requestPolicy:"network-only"}),children:f=>e.jsxs(g,{gap:"lg",children:[e.jsx(l,{size:"xs",c:"dimmed",children:s("backup.timeZone",{zone:f.backupSummary.timeZone||i.timeZone})}),e.jsxs(Re,{cols:{base:1,md:2},children:[e.jsx(Gt,{summary:f.backupSummary,onBackupNow:Z,startingNow:R,onBuy:()=>m(1)}),e.jsx(Zt,{summary:f.backupSummary,billing:f.currentSubscription,onBuy:()=>m(1),onGiveBack:()=>E(!0)})]}),e.jsx(Qt,{summary:f.backupSummary,onChanged:y,onBackupNow:Z,startingNow:R,onBuy:m})]})}),e.jsx(ue,{result:c,retry:()=>t({requestPolicy:"network-only"}),children:f=>e.jsxs(g,{gap:"lg",children:[e.jsx(qt,{runs:I,total:f.backupRuns.totalCount,pager:d,hasNext:f.backupRuns.pageInfo.hasNextPage,endCursor:f.backupRuns.pageInfo.endCursor??null,live:r==="live",onBuy:()=>m(1),onChanged:y}),e.jsx($t,{runs:I})]})}),e.jsx(Ut,{version:p}),j!==void 0&&O&&F&&e.jsx(Jt,{initialUnits:j,unitPrice:O.unitPrice,card:F.card,onClose:()=>m(void 0),onDone:()=>{m(void 0),y()},onPaymentFailed:y}),v&&O&&e.jsx(Xt,{unitsLeft:O.unitsLeft,unitPrice:O.unitPrice,onClose:()=>E(!1),onDone:()=>{E(!1),y()}})]})}export{ds as BackupPage};
