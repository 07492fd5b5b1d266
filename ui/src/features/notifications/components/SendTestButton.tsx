import { Button } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useMutation } from 'urql';
import { toAppError } from '../../../api/errors';
import { SendTestNotificationMutation } from '../graphql/operations';
import { useI18n } from '../../../i18n/I18nProvider';

/** Admins: sends a notification through the job queue to show the live path end to end. */
export function SendTestButton() {
  const { t } = useI18n();
  const [{ fetching }, send] = useMutation(SendTestNotificationMutation);
  const onClick = async () => {
    const res = await send({});
    if (res.error) {
      const e = toAppError(res.error);
      toasts.show({ color: 'red', title: t(`error.${e.code}`), message: e.message });
    } else {
      toasts.show({ message: t('live.testQueued'), autoClose: 4000 });
    }
  };
  return (
    <Button size="xs" variant="light" onClick={onClick} loading={fetching} data-testid="send-test-notification">
      {t('live.sendTest')}
    </Button>
  );
}
