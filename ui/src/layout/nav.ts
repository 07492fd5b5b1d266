import type { MessageKey } from '../i18n/messages/en';

export interface NavItem {
  href: string;
  label: MessageKey;
  /** Only ADMIN and SUPER_ADMIN see it (the API refuses the others anyway). */
  adminOnly: boolean;
  /** Its API is not there yet: the page says so. */
  soon: boolean;
}

export const NAV: NavItem[] = [
  { href: '/', label: 'nav.dashboard', adminOnly: false, soon: false },
  { href: '/backup', label: 'nav.backup', adminOnly: true, soon: false },
  { href: '/subscription', label: 'nav.subscription', adminOnly: true, soon: false },
  { href: '/bundle', label: 'nav.bundle', adminOnly: true, soon: false },
  { href: '/users', label: 'nav.users', adminOnly: false, soon: false },
  { href: '/audit', label: 'nav.audit', adminOnly: true, soon: false },
  { href: '/emails', label: 'nav.emails', adminOnly: false, soon: false },
  { href: '/outbox', label: 'nav.outbox', adminOnly: true, soon: false },
  { href: '/tokens', label: 'nav.tokens', adminOnly: false, soon: false },
  { href: '/sync', label: 'nav.sync', adminOnly: false, soon: false },
];
