import type { Kysely } from 'kysely';
import type { ApiTokenRow, Database, Role } from '../../db/database.js';
import { randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, fieldError, notFound } from '../../shared/errors.js';
import type { Context, Principal } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { findTerritory } from '../territory/territory.repository.js';
import { findOrganisationById } from './organisations.repository.js';

/** Tokens read as `nsj_` + 43 URL-safe characters, so a leaked one is easy to recognise in logs and scans. */
export const TOKEN_PREFIX = 'nsj_';
const TOUCH_INTERVAL_MS = 60_000;

export interface NewTokenInput {
  name: string;
  role: Role;
  organisationId?: string | null;
  territoryCode?: string | null;
  expiresAt?: string | null;
}

/** Creates a token and returns its secret, which is never shown again. */
export async function createApiToken(
  db: Kysely<Database>,
  ctx: Context,
  input: NewTokenInput,
): Promise<{ token: ApiTokenRow; secret: string }> {
  const organisationId = input.organisationId ?? null;
  const territoryCode = input.territoryCode ?? null;
  if ((input.role === 'partner' || input.role === 'actor') && !organisationId) {
    throw fieldError(
      '/body/organisationId',
      `a token with role ${input.role} must belong to an organisation`,
    );
  }
  if (input.role === 'territorial' && !territoryCode) {
    throw fieldError('/body/territoryCode', 'a territorial token needs a region or province');
  }
  if (organisationId && !(await findOrganisationById(db, organisationId))) {
    throw fieldError('/body/organisationId', `unknown organisation ${organisationId}`);
  }
  if (territoryCode && !(await findTerritory(db, territoryCode))) {
    throw fieldError('/body/territoryCode', `unknown territory code ${territoryCode}`);
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= new Date()) throw fieldError('/body/expiresAt', 'must be in the future');
  const secret = `${TOKEN_PREFIX}${randomToken()}`;
  const token = await db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('api_tokens')
      .values({
        name: input.name.trim(),
        token_hash: sha256Hex(secret),
        role: input.role,
        organisation_id: organisationId,
        territory_code: territoryCode,
        created_by: ctx.principal.userId,
        expires_at: expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return { token, secret };
}

export async function listApiTokens(db: Kysely<Database>): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
}

export async function revokeApiToken(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('API token', id);
    if (before.revoked_at) return;
    const after = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: id,
      before,
      after,
    });
  });
}

/** Finds the principal behind a bearer token; revoked, expired or unknown tokens are refused. */
export async function resolveApiToken(db: Kysely<Database>, secret: string): Promise<Principal> {
  if (!secret.startsWith(TOKEN_PREFIX)) throw new AppError('TOKEN_INVALID', 'This is not a Nasij API token');
  const token = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', sha256Hex(secret))
    .executeTakeFirst();
  const now = new Date();
  if (!token) throw new AppError('TOKEN_INVALID', 'Unknown API token');
  if (token.revoked_at) throw new AppError('TOKEN_INVALID', 'This API token was revoked');
  if (token.expires_at && token.expires_at <= now)
    throw new AppError('TOKEN_INVALID', 'This API token has expired');
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token.id).execute();
  }
  return {
    kind: 'token',
    userId: null,
    tokenId: token.id,
    role: token.role,
    organisationId: token.organisation_id,
    territoryCode: token.territory_code,
    label: `token:${token.name}`,
  };
}
