import { Button, Group, Modal, NativeSelect, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useMutation } from 'urql';
import { fieldError, toAppError, type AppError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { toastDone } from '../../../components/toast';
import type { SyncSettingFieldsFragment } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/I18nProvider';
import { useForm } from '../../../lib/useForm';
import { UpdateSyncSettingsMutation } from '../graphql/operations';
import { DIRECTIONS, MODES, settingsInput, settingsValues, validateSettings } from '../utils/sync';

/**
 * One module's settings of one client (SY-1): enabled, direction, mode, folders (one per line),
 * category. The browser checks the limits; what the server refuses besides (a control
 * character in a category…) is shown next to its field.
 */
export function SettingsEditor({ client, setting, onClose }: { client: { id: string; name: string }; setting: SyncSettingFieldsFragment; onClose(): void }) {
  const { t } = useI18n();
  const mobile = useMediaQuery('(max-width: 36em)');
  const form = useForm(settingsValues(setting), validateSettings);
  const [{ fetching }, update] = useMutation(UpdateSyncSettingsMutation);
  const [error, setError] = useState<AppError>();
  const module = t(`sync.module.${setting.module}`);

  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const res = await update({ clientId: client.id, module: setting.module, input: settingsInput(v) });
    if (res.data) {
      toastDone(t('sync.settings.saved', { module, client: client.name }));
      onClose();
      return;
    }
    const e = toAppError(res.error);
    const onField = fieldError(e, form.fields);
    form.showServerErrors(onField);
    if (Object.keys(onField).length === 0) setError(e);
  });

  const folders = form.field('folders');
  return (
    <Modal opened onClose={onClose} title={t('sync.settings.title', { module, client: client.name })} size="lg" fullScreen={mobile} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={submit} noValidate aria-label={t('sync.settings.title', { module, client: client.name })} data-testid="sync-settings-form">
        <Stack gap="sm">
          {error && <ErrorAlert error={error} />}
          <Switch
            label={t('sync.settings.enabled')}
            checked={form.values.enabled === 'true'}
            onChange={(e) => form.setValue('enabled', String(e.currentTarget.checked))}
            data-testid="sync-settings-enabled"
          />
          <Group grow align="flex-start" wrap="wrap">
            <NativeSelect
              label={t('sync.settings.direction')}
              data={DIRECTIONS.map((d) => ({ value: d, label: t(`sync.direction.${d}`) }))}
              {...form.field('direction')}
              miw={180}
              data-testid="sync-settings-direction"
            />
            <NativeSelect
              label={t('sync.settings.mode')}
              data={MODES.map((m) => ({ value: m, label: t(`sync.mode.${m}`) }))}
              {...form.field('mode')}
              miw={140}
              data-testid="sync-settings-mode"
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t('sync.settings.modeHint')}
          </Text>
          <Textarea
            {...folders}
            onChange={(e) => form.setValue('folders', e.currentTarget.value)}
            label={t('sync.settings.folders')}
            description={t('sync.settings.foldersHint')}
            autosize
            minRows={2}
            maxRows={8}
            data-testid="sync-settings-folders"
          />
          <TextInput
            label={t('sync.settings.category')}
            description={t('sync.settings.categoryHint')}
            autoComplete="off"
            {...form.field('category')}
            data-testid="sync-settings-category"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={fetching} data-testid="sync-settings-save">
              {t('sync.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
