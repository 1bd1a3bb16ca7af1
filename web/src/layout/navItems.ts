import type { Role } from '../api/types';
import { ROLES } from '../auth/roles';

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Who sees the entry; `null` means everyone, logged in or not. */
  roles: readonly Role[] | null;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.home', roles: null },
  { to: '/overview', labelKey: 'nav.overview', roles: null },
  { to: '/conventions', labelKey: 'nav.conventions', roles: null },
  { to: '/indicators', labelKey: 'nav.indicators', roles: null },
  { to: '/programmes', labelKey: 'nav.programmes', roles: null },
  { to: '/applications', labelKey: 'nav.applications', roles: ROLES },
  { to: '/reports', labelKey: 'nav.reports', roles: ['partner'] },
  { to: '/reports', labelKey: 'nav.reportsAll', roles: ['territorial'] },
  { to: '/reports/review', labelKey: 'nav.review', roles: ['admin'] },
  { to: '/actors', labelKey: 'nav.actors', roles: ROLES },
  { to: '/organisations', labelKey: 'nav.organisations', roles: ROLES },
  { to: '/admin/users', labelKey: 'nav.users', roles: ['admin'] },
  { to: '/admin/tokens', labelKey: 'nav.tokens', roles: ['admin'] },
  { to: '/admin/audit', labelKey: 'nav.audit', roles: ['admin'] },
];

export function navItemsFor(role: Role | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles === null || (role !== undefined && item.roles.includes(role)));
}
