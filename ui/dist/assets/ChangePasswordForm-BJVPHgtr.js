import{a as f,j as s}from"./client-BWXL2gH4.js";import{g as t,u as P,at as b,b as j,c as x,S as C,E,bj as a,B as S,bk as y,t as v,h as M}from"./index-Br9qfagp.js";const I=t(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`),$=t(`
  mutation UpdateMyName($name: String!) {
    updateMe(input: { name: $name }) {
      ...ViewerFields
    }
  }
`),k=t(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`),q={currentPassword:"",newPassword:"",confirm:""};function A({temporary:c=!1,onDone:p}){const{t:e}=P(),{viewerChanged:m}=b(),r=j(q,y),[{fetching:l},h]=x(I),[o,n]=f.useState(),g=r.onSubmit(async i=>{n(void 0);const d=await h({input:{currentPassword:i.currentPassword,newPassword:i.newPassword}});if(d.data?.changePassword){r.reset(),m({mustChangePassword:!1}),p();return}const u=v(d.error),w=M(u,r.fields);r.showServerErrors(w),Object.keys(w).length===0&&n(u)});return s.jsx("form",{onSubmit:g,noValidate:!0,"aria-label":e("password.submit"),"data-testid":"change-password-form",children:s.jsxs(C,{gap:"sm",maw:420,children:[o&&s.jsx(E,{error:o}),s.jsx(a,{label:e(c?"password.currentTemporary":"password.current"),required:!0,autoComplete:"current-password",...r.field("currentPassword")}),s.jsx(a,{label:e("password.new"),description:e("field.passwordHint"),required:!0,autoComplete:"new-password",...r.field("newPassword")}),s.jsx(a,{label:e("password.confirm"),required:!0,autoComplete:"new-password",...r.field("confirm")}),s.jsx("div",{children:s.jsx(S,{type:"submit",loading:l,"data-testid":"change-password-submit",children:e("password.submit")})})]})})}export{A as C,k as S,$ as U};
