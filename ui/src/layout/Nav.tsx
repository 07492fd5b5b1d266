import { Badge, NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'wouter';
import { useI18n } from '../i18n/I18nProvider';
import { useSignedIn } from '../session/SessionProvider';
import { NAV } from './nav';

export function Nav({ onNavigate }: { onNavigate(): void }) {
  const { t } = useI18n();
  const { admin } = useSignedIn();
  const [location] = useLocation();
  return (
    <Stack component="nav" aria-label={t('nav.label')} gap={2}>
      {NAV.filter((item) => admin || !item.adminOnly).map((item) => {
        const active = item.href === '/' ? location === '/' : location.startsWith(item.href);
        return (
          <NavLink
            key={item.href}
            component={Link}
            href={item.href}
            label={t(item.label)}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={onNavigate}
            rightSection={
              item.soon ? (
                <Badge size="xs" variant="light" color="gray">
                  {t('nav.soon')}
                </Badge>
              ) : undefined
            }
            style={{ borderRadius: 6 }}
          />
        );
      })}
    </Stack>
  );
}
