import { notifications as toasts } from '@mantine/notifications';
import { toAppError } from '../api/errors';
import type { Translate } from '../i18n/translate';

/** A short-lived message for an action's outcome (errors that need reading stay on the page). */
export function toastError(t: Translate, error: unknown): void {
  const e = toAppError(error);
  toasts.show({ color: 'red', title: t(`error.${e.code}`), message: e.message || t('error.UNKNOWN') });
}

export function toastDone(message: string): void {
  toasts.show({ color: 'teal', message, autoClose: 5000 });
}
