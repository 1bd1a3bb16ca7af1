import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { randomPassword } from '../../shared/crypto.js';
import { systemContext } from '../../shared/principal.js';
import * as orgRepo from '../accounts/organisations.repository.js';
import { createOrganisation } from '../accounts/organisations.service.js';
import { hasAdmin } from '../accounts/users.repository.js';
import { createUser } from '../accounts/users.service.js';

export const ADMIN_EMAIL = 'admin@nasij.local';
export const STATE_SECRETARIAT_NAME =
  "Secrétariat d'État chargé de l'Artisanat et de l'Économie Sociale et Solidaire";

/**
 * Creates the State Secretariat and the first administrator when the database has no admin yet.
 * Returns the password to print once, or null when an admin already existed.
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  options: { password: string | null; email?: string },
): Promise<{ email: string; password: string } | null> {
  if (await hasAdmin(db)) return null;
  const ctx = systemContext('system:first-start');
  const secretariat =
    (await orgRepo.findOrganisationByName(db, STATE_SECRETARIAT_NAME)) ??
    (await createOrganisation(db, ctx, {
      kind: 'state_secretariat',
      nameFr: STATE_SECRETARIAT_NAME,
      nameAr: 'كتابة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي والتضامني',
      acronym: 'SEAESS',
    }));
  const password = options.password ?? randomPassword();
  const email = options.email ?? ADMIN_EMAIL;
  await createUser(db, ctx, {
    email,
    displayName: 'Administrateur Nasij',
    password,
    role: 'admin',
    organisationId: secretariat.id,
  });
  return { email, password };
}
