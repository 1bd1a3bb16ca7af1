import { NavLink as MantineNavLink, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { navItemsFor } from './navItems';

/** The entries this user may use; the current page is marked with aria-current. */
export function MainNav({ role, onNavigate }: { role: Role | undefined; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const items = navItemsFor(role);
  return (
    <Stack gap={4} component="ul" className="nav-list">
      {items.map((item) => {
        const active = item.to === '/' ? pathname === '/' : pathname.startsWith(item.to);
        return (
          <li key={item.to}>
            <MantineNavLink
              component={NavLink}
              to={item.to}
              end={item.to === '/'}
              label={t(item.labelKey)}
              active={active}
              onClick={onNavigate}
            />
          </li>
        );
      })}
    </Stack>
  );
}
