/**
 * Who is logged in, as the whole app sees it. The session comes from `GET /api/auth/session`
 * once at start; login and logout update it; an API 401 while logged in marks it expired so the
 * layout can invite the user to log in again without throwing away the page under them.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import i18n from 'i18next';
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from 'react';
import { onAuthLost, setCsrfToken } from '../api/client';
import * as endpoints from '../api/endpoints';
import { isApiError } from '../api/errors';
import type { Session, SessionUser } from '../api/types';

export const SESSION_KEY = ['session'] as const;

export interface SessionContextValue {
  status: 'loading' | 'anonymous' | 'authenticated';
  user: SessionUser | null;
  /** True once the server said our session is gone while we thought we were logged in. */
  expired: boolean;
  signIn(credentials: { email: string; password: string }): Promise<Session>;
  signOut(): Promise<void>;
  /** Forgets the local session (after expiry) so the login page can be shown. */
  forget(): void;
  /** Applies account changes the server confirmed (e.g. the saved language) to the session. */
  patchUser(changes: Pick<SessionUser, 'locale' | 'displayName'>): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

async function fetchSession(): Promise<Session | null> {
  try {
    return await endpoints.getSession();
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const session = query.data ?? null;

  useEffect(() => {
    setCsrfToken(session?.csrfToken ?? null);
  }, [session]);

  useEffect(() => onAuthLost(() => setExpired(true)), []);

  // Drops everything fetched under the previous identity. The session query itself stays (its
  // observer would otherwise be left on a removed query) and is overwritten instead.
  const dropPrivateData = useCallback(() => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  }, [queryClient]);

  const forget = useCallback(() => {
    setCsrfToken(null);
    setExpired(false);
    dropPrivateData();
    queryClient.setQueryData(SESSION_KEY, null);
  }, [queryClient, dropPrivateData]);

  const signIn = useCallback(
    async (credentials: { email: string; password: string }) => {
      const next = await endpoints.login(credentials);
      dropPrivateData();
      setCsrfToken(next.csrfToken);
      queryClient.setQueryData(SESSION_KEY, next);
      setExpired(false);
      await i18n.changeLanguage(next.user.locale);
      return next;
    },
    [queryClient, dropPrivateData],
  );

  const signOut = useCallback(async () => {
    try {
      await endpoints.logout();
    } catch (error) {
      // Already logged out on the server (expired, revoked): logging out locally is all that is left.
      if (!isApiError(error) || error.status !== 401) throw error;
    } finally {
      forget();
    }
  }, [forget]);

  const patchUser = useCallback(
    (changes: Pick<SessionUser, 'locale' | 'displayName'>) => {
      queryClient.setQueryData<Session | null>(SESSION_KEY, (old) =>
        old ? { ...old, user: { ...old.user, ...changes } } : old,
      );
    },
    [queryClient],
  );

  const value = useMemo<SessionContextValue>(() => {
    let status: SessionContextValue['status'] = 'anonymous';
    if (query.isPending) status = 'loading';
    else if (session) status = 'authenticated';
    return { status, user: session?.user ?? null, expired, signIn, signOut, forget, patchUser };
  }, [query.isPending, session, expired, signIn, signOut, forget, patchUser]);

  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
