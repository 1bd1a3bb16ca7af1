import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { PageLoader } from '../components/PageLoader';
import { NotAllowedPage } from '../pages/NotAllowedPage';
import { hasRole } from './roles';
import { useSession } from './session';

/**
 * Gate for pages that need a logged-in user with one of `roles`. Anonymous visitors go to the
 * login page and come back afterwards; logged-in users without the role see "not allowed".
 */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { status, user, expired } = useSession();
  const location = useLocation();
  if (status === 'loading') return <PageLoader />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace state={{ expired }} />;
  }
  if (!hasRole(user.role, roles)) return <NotAllowedPage />;
  return children;
}
