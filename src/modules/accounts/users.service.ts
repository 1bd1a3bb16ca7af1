import type { Kysely } from 'kysely';
import type { Database, Locale, Role, UserRow } from '../../db/database.js';
import { AppError, fieldError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { findTerritory } from '../territory/territory.repository.js';
import { findOrganisationById } from './organisations.repository.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.js';
import * as usersRepo from './users.repository.js';

export interface NewUserInput {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  organisationId?: string | null;
  territoryCode?: string | null;
  locale?: Locale;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  organisationId?: string | null;
  territoryCode?: string | null;
  locale?: Locale;
  status?: 'active' | 'disabled';
}

export function checkPasswordStrength(password: string, pointer = '/body/password'): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw fieldError(pointer, `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw fieldError(pointer, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
  }
}

/** A role's scope must be complete: partners and actors belong to an organisation, territorial users to a territory. */
async function checkScope(
  db: Kysely<Database>,
  role: Role,
  organisationId: string | null,
  territoryCode: string | null,
): Promise<void> {
  if ((role === 'partner' || role === 'actor') && !organisationId) {
    throw fieldError('/body/organisationId', `a user with role ${role} must belong to an organisation`);
  }
  if (role === 'territorial' && !territoryCode) {
    throw fieldError('/body/territoryCode', 'a territorial user needs a region or province');
  }
  if (organisationId && !(await findOrganisationById(db, organisationId))) {
    throw fieldError('/body/organisationId', `unknown organisation ${organisationId}`);
  }
  if (territoryCode && !(await findTerritory(db, territoryCode))) {
    throw fieldError('/body/territoryCode', `unknown territory code ${territoryCode}`);
  }
}

export async function createUser(
  db: Kysely<Database>,
  ctx: Context,
  input: NewUserInput,
  options: { isDemo?: boolean } = {},
): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  checkPasswordStrength(input.password);
  if (await usersRepo.findUserByEmail(db, email)) {
    throw fieldError('/body/email', `${email} already has an account`, 'EMAIL_TAKEN');
  }
  const organisationId = input.organisationId ?? null;
  const territoryCode = input.territoryCode ?? null;
  await checkScope(db, input.role, organisationId, territoryCode);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await usersRepo.insertUser(trx, {
      email,
      display_name: input.displayName.trim(),
      password_hash: passwordHash,
      role: input.role,
      organisation_id: organisationId,
      territory_code: territoryCode,
      locale: input.locale ?? 'fr',
      is_demo: options.isDemo ?? false,
    });
    await recordAudit(trx, ctx, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: user,
    });
    return user;
  });
}

export async function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return usersRepo.listUsers(db, { organisationId: null });
}

export async function getUser(db: Kysely<Database>, id: string): Promise<UserRow> {
  const user = await usersRepo.findUserById(db, id);
  if (!user) throw notFound('User', id);
  return user;
}

export async function updateUser(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  changes: UserChanges,
): Promise<UserRow> {
  const before = await getUser(db, id);
  if (
    id === ctx.principal.userId &&
    (changes.status === 'disabled' || (changes.role && changes.role !== 'admin'))
  ) {
    throw new AppError(
      'CONFLICT',
      'You cannot disable your own account or remove your own administrator role',
    );
  }
  const role = changes.role ?? before.role;
  const organisationId =
    changes.organisationId === undefined ? before.organisation_id : changes.organisationId;
  const territoryCode = changes.territoryCode === undefined ? before.territory_code : changes.territoryCode;
  await checkScope(db, role, organisationId, territoryCode);
  return db.transaction().execute(async (trx) => {
    const after = await usersRepo.updateUser(trx, id, {
      display_name: changes.displayName?.trim() ?? before.display_name,
      role,
      organisation_id: organisationId,
      territory_code: territoryCode,
      locale: changes.locale ?? before.locale,
      status: changes.status ?? before.status,
    });
    // A disabled user, or one whose role changed, is signed out everywhere.
    if (after.status === 'disabled' || after.role !== before.role) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    await recordAudit(trx, ctx, { action: 'user.updated', entityType: 'user', entityId: id, before, after });
    return after;
  });
}

/** What a signed-in user may change about themselves. */
export async function updateOwnProfile(
  db: Kysely<Database>,
  ctx: Context,
  changes: { displayName?: string; locale?: Locale },
): Promise<UserRow> {
  const userId = requireUser(ctx);
  return db.transaction().execute(async (trx) => {
    const before = await usersRepo.findUserById(trx, userId);
    if (!before) throw notFound('User', userId);
    const after = await usersRepo.updateUser(trx, userId, {
      display_name: changes.displayName?.trim() ?? before.display_name,
      locale: changes.locale ?? before.locale,
    });
    await recordAudit(trx, ctx, {
      action: 'user.profile_updated',
      entityType: 'user',
      entityId: userId,
      before,
      after,
    });
    return after;
  });
}

export async function changeOwnPassword(
  db: Kysely<Database>,
  ctx: Context,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const userId = requireUser(ctx);
  const user = await getUser(db, userId);
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw fieldError('/body/currentPassword', 'is not your current password', 'INVALID_CREDENTIALS');
  }
  checkPasswordStrength(input.newPassword, '/body/newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await usersRepo.updateUser(trx, userId, { password_hash: passwordHash });
    await recordAudit(trx, ctx, { action: 'user.password_changed', entityType: 'user', entityId: userId });
  });
}

function requireUser(ctx: Context): string {
  if (ctx.principal.kind !== 'user' || !ctx.principal.userId) {
    throw new AppError('FORBIDDEN', 'Only a signed-in person can change their own profile');
  }
  return ctx.principal.userId;
}
