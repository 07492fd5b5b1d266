import { Anchor, Text } from '@mantine/core';
import { Link } from 'wouter';
import { Page } from '../components/Page';
import { useI18n } from '../i18n/I18nProvider';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <Text>{t('notFound.body')}</Text>
      <Anchor component={Link} href="/">
        {t('notFound.home')}
      </Anchor>
    </Page>
  );
}
