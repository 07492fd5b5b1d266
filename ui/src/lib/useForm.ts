// A small form state: values, rules checked on blur and on submit, server errors placed next
// to their field, focus on the first invalid field when submitting.
import { useCallback, useId, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { invalidFields, type Problems } from './validation';

export function useForm<V extends { [K in keyof V]: string }>(initial: V, validate: (values: V) => Problems<V>) {
  const { t } = useI18n();
  const formId = useId();
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<Partial<Record<keyof V, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<keyof V, string>>>({});
  const problems = useMemo(() => validate(values), [validate, values]);

  const idOf = useCallback((name: keyof V) => `${formId}-${String(name)}`, [formId]);

  const errorOf = (name: keyof V): string | undefined => {
    if (serverErrors[name]) return serverErrors[name];
    const p = touched[name] ? problems[name] : undefined;
    return p ? t(p.key, p.params) : undefined;
  };

  const setValue = (name: keyof V, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setServerErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  };

  /** Props for TextInput, PasswordInput and NativeSelect. */
  const field = (name: keyof V) => ({
    id: idOf(name),
    name: String(name),
    value: values[name],
    error: errorOf(name),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValue(name, e.currentTarget.value),
    onBlur: () => setTouched((tc) => ({ ...tc, [name]: true })),
  });

  /** Wraps onValid: checks every field first and focuses the first invalid one. */
  const onSubmit = (onValid: (values: V) => void) => (e: FormEvent) => {
    e.preventDefault();
    setTouched(Object.fromEntries(Object.keys(values).map((k) => [k, true])) as Partial<Record<keyof V, boolean>>);
    const invalid = invalidFields(values, problems);
    if (invalid.length > 0) {
      document.getElementById(idOf(invalid[0]))?.focus();
      return;
    }
    onValid(values);
  };

  /** Puts server errors next to their fields and focuses the first. */
  const showServerErrors = (errors: Partial<Record<keyof V, string>>) => {
    setServerErrors(errors);
    const firstField = (Object.keys(values) as (keyof V)[]).find((k) => errors[k]);
    if (firstField !== undefined) document.getElementById(idOf(firstField))?.focus();
  };

  const reset = () => {
    setValues(initial);
    setTouched({});
    setServerErrors({});
  };

  return { values, field, setValue, onSubmit, showServerErrors, reset, fields: Object.keys(initial) as (keyof V & string)[] };
}
