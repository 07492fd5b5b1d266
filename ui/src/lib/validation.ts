// Form rules checked in the browser before anything is sent (the server checks them again).
// Each returns a Problem (a message key and its parameters) or undefined when the value is fine.
import type { MessageKey } from '../i18n/messages/en';
import type { Params } from '../i18n/translate';

export type Problem = { key: MessageKey; params?: Params } | undefined;
export type Problems<V> = Partial<Record<keyof V, Problem>>;

/** Mirrors the server's limits (ent/schema, internal/auth). */
export const LIMITS = { name: 120, tokenName: 80, passwordMin: 10, passwordMax: 128, email: 254 } as const;

const chars = (s: string) => [...s].length;

export function required(value: string): Problem {
  return value.trim() === '' ? { key: 'validation.required' } : undefined;
}

export function maxLength(value: string, max: number): Problem {
  return chars(value.trim()) > max ? { key: 'validation.tooLong', params: { max } } : undefined;
}

/** One @, something on each side, a dot in the domain, no spaces: what a person mistypes. */
export function email(value: string): Problem {
  const v = value.trim();
  if (v === '') return { key: 'validation.required' };
  if (chars(v) > LIMITS.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return { key: 'validation.email' };
  return undefined;
}

export function password(value: string): Problem {
  if (value === '') return { key: 'validation.required' };
  const n = chars(value);
  return n < LIMITS.passwordMin || n > LIMITS.passwordMax ? { key: 'validation.passwordLength' } : undefined;
}

/** The first rule that fails. */
export function first(...problems: Problem[]): Problem {
  return problems.find((p) => p !== undefined);
}

export interface SignUpValues {
  organizationName: string;
  region: string;
  name: string;
  email: string;
  password: string;
}

export function validateSignUp(v: SignUpValues): Problems<SignUpValues> {
  return {
    organizationName: first(required(v.organizationName), maxLength(v.organizationName, LIMITS.name)),
    region: required(v.region),
    name: first(required(v.name), maxLength(v.name, LIMITS.name)),
    email: email(v.email),
    password: password(v.password),
  };
}

export interface SignInValues {
  email: string;
  password: string;
}

export function validateSignIn(v: SignInValues): Problems<SignInValues> {
  // Sign-in checks only presence: the password policy may have changed since it was set.
  return { email: email(v.email), password: required(v.password) };
}

export interface TokenValues {
  name: string;
  expiry: string;
}

export function validateToken(v: TokenValues): Problems<TokenValues> {
  return { name: first(required(v.name), maxLength(v.name, LIMITS.tokenName)), expiry: undefined };
}

/** The fields that have a problem, in the order of the values object. */
export function invalidFields<V extends object>(values: V, problems: Problems<V>): (keyof V)[] {
  return (Object.keys(values) as (keyof V)[]).filter((k) => problems[k] !== undefined);
}

export interface InviteValues {
  name: string;
  email: string;
  role: string;
  licenseKind: string;
  locale: string;
}

export function validateInvite(v: InviteValues): Problems<InviteValues> {
  return {
    name: first(required(v.name), maxLength(v.name, LIMITS.name)),
    email: email(v.email),
    role: v.role === 'ADMIN' || v.role === 'STANDARD' ? undefined : { key: 'validation.required' },
    licenseKind: v.licenseKind === 'REGULAR' || v.licenseKind === 'TEAM' ? undefined : { key: 'validation.required' },
    locale: undefined,
  };
}

export interface PasswordChangeValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Issue 17 item 1: the new password follows the sign-up policy and is typed twice alike. */
export function validatePasswordChange(v: PasswordChangeValues): Problems<PasswordChangeValues> {
  return {
    currentPassword: required(v.currentPassword),
    newPassword: password(v.newPassword),
    confirm: first(required(v.confirm), v.confirm === v.newPassword ? undefined : { key: 'validation.passwordsDiffer' }),
  };
}

export interface ProfileValues {
  name: string;
}

export function validateProfile(v: ProfileValues): Problems<ProfileValues> {
  return { name: first(required(v.name), maxLength(v.name, LIMITS.name)) };
}
