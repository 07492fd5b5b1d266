import { Stack } from '@mantine/core';
import { useQuery } from 'urql';
import { Page } from '../../../components/Page';
import { QueryResult } from '../../../components/QueryResult';
import { useI18n } from '../../../i18n/I18nProvider';
import { EmailSettingsQuery } from '../graphql/operations';
import { DropboxCard } from './DropboxCard';
import { EmailList } from './EmailList';
import { SettingsCard } from './SettingsCard';

// Before the first rotation emailDropbox is null, so urql's document cache would not know that
// rotating changes this query: name the type.
const DROPBOX_CONTEXT = { additionalTypenames: ['DropboxAddress'] };

/** Issue 13 item 9: your email settings, your dropbox address and the emails added to records. */
export function EmailsPage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: EmailSettingsQuery, context: DROPBOX_CONTEXT });
  return (
    <Page title={t('emails.title')} description={t('emails.subtitle')}>
      <Stack gap="lg">
        <QueryResult result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
          {(data) => (
            <Stack gap="lg">
              <SettingsCard settings={data.emailSettings} />
              <DropboxCard dropbox={data.emailDropbox} />
            </Stack>
          )}
        </QueryResult>
        <EmailList />
      </Stack>
    </Page>
  );
}
