import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database, UserRow } from '../../db/database.js';
import { randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError } from '../../shared/errors.js';
import type { Context, Principal } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import * as sessionsRepo from './sessions.repository.js';
import * as usersRepo from './users.repository.js';

type AuthConfig = Pick<
  Config,
  'sessionIdleMinutes' | 'sessionMaxHours' | 'loginMaxAttempts' | 'loginLockMinutes'
>;

/** Writes to a session's last-seen time at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SignedIn {
  /** The cookie value; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
}

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'The email or the password is wrong');
}

/**
 * Checks a password and opens a session. After `loginMaxAttempts` wrong passwords in a row the account
 * is locked for `loginLockMinutes`; an unknown email costs the same time as a known one.
 */
export async function login(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: Context,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<SignedIn> {
  const user = await usersRepo.findUserByEmail(db, input.email.trim());
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw invalidCredentials();
  }
  const now = new Date();
  if (user.locked_until && user.locked_until > now) {
    const seconds = Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000);
    throw new AppError(
      'ACCOUNT_LOCKED',
      `Too many wrong passwords: try again in ${Math.ceil(seconds / 60)} minute(s)`,
      {
        headers: { 'retry-after': String(seconds) },
      },
    );
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await recordFailedLogin(db, config, ctx, user);
    throw invalidCredentials();
  }
  if (user.status !== 'active') throw new AppError('FORBIDDEN', 'This account is disabled');
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = sessionExpiry(config, now, now);
  const signedIn = await db.transaction().execute(async (trx) => {
    const updated = await usersRepo.updateUser(trx, user.id, {
      failed_logins: 0,
      locked_until: null,
      last_login_at: now,
    });
    await sessionsRepo.insertSession(trx, {
      tokenHash: sha256Hex(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    const who: Context = { ...ctx, principal: principalOfUser(updated) };
    await recordAudit(trx, who, { action: 'user.signed_in', entityType: 'user', entityId: user.id });
    return updated;
  });
  return { token, csrfToken, expiresAt, user: signedIn };
}

async function recordFailedLogin(db: Kysely<Database>, config: AuthConfig, ctx: Context, user: UserRow) {
  await db.transaction().execute(async (trx) => {
    const failures = user.failed_logins + 1;
    const lock = failures >= config.loginMaxAttempts;
    await usersRepo.updateUser(trx, user.id, {
      failed_logins: lock ? 0 : failures,
      locked_until: lock ? new Date(Date.now() + config.loginLockMinutes * 60_000) : user.locked_until,
    });
    if (lock) {
      await recordAudit(trx, ctx, {
        action: 'user.locked',
        entityType: 'user',
        entityId: user.id,
        after: { reason: `${failures} wrong passwords`, minutes: config.loginLockMinutes },
      });
    }
  });
}

/** Idle timeout from the last request, capped by the absolute lifetime from sign-in. */
function sessionExpiry(config: AuthConfig, createdAt: Date, now: Date): Date {
  const idle = now.getTime() + config.sessionIdleMinutes * 60_000;
  const absolute = createdAt.getTime() + config.sessionMaxHours * 3_600_000;
  return new Date(Math.min(idle, absolute));
}

export function principalOfUser(
  user: Pick<UserRow, 'id' | 'email' | 'role' | 'organisation_id' | 'territory_code'>,
): Principal {
  return {
    kind: 'user',
    userId: user.id,
    tokenId: null,
    role: user.role,
    organisationId: user.organisation_id,
    territoryCode: user.territory_code,
    label: user.email,
  };
}

export type SessionLookup =
  | { status: 'valid'; principal: Principal; csrfToken: string; expiresAt: Date }
  | { status: 'expired' };

/** Finds the session behind a cookie and slides its idle expiry. */
export async function resolveSession(
  db: Kysely<Database>,
  config: AuthConfig,
  token: string,
): Promise<SessionLookup> {
  const tokenHash = sha256Hex(token);
  const session = await sessionsRepo.findSessionWithUser(db, tokenHash);
  const now = new Date();
  if (!session) return { status: 'expired' };
  if (session.expires_at <= now || session.status !== 'active') {
    await sessionsRepo.deleteSession(db, tokenHash);
    return { status: 'expired' };
  }
  let expiresAt = session.expires_at;
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    expiresAt = sessionExpiry(config, session.created_at, now);
    await sessionsRepo.touchSession(db, tokenHash, now, expiresAt);
  }
  return {
    status: 'valid',
    principal: principalOfUser({ ...session, id: session.user_id }),
    csrfToken: session.csrf_token,
    expiresAt,
  };
}

export async function logout(db: Kysely<Database>, ctx: Context, token: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sessionsRepo.deleteSession(trx, sha256Hex(token));
    if (ctx.principal.userId) {
      await recordAudit(trx, ctx, {
        action: 'user.signed_out',
        entityType: 'user',
        entityId: ctx.principal.userId,
      });
    }
  });
}
