// Pages whose APIs are being built (backups, the outbox): they say what they will
// do and show no data until it is real.
import { ComingSoon } from '../components/ComingSoon';
import { useI18n } from '../i18n/I18nProvider';

export function BackupPage() {
  const { t } = useI18n();
  return <ComingSoon title={t('nav.backup')} what={t('soon.backup')} />;
}

export function OutboxPage() {
  const { t } = useI18n();
  return <ComingSoon title={t('nav.outbox')} what={t('soon.outbox')} />;
}
