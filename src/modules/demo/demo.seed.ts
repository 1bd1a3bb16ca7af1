import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/database.js';
import { randomPassword } from '../../shared/crypto.js';
import { systemContext } from '../../shared/principal.js';
import { findOrganisationByName } from '../accounts/organisations.repository.js';
import { createOrganisation, type OrganisationInput } from '../accounts/organisations.service.js';
import { findUserByEmail } from '../accounts/users.repository.js';
import { createUser } from '../accounts/users.service.js';
import type { ActorFields } from '../actors/actors.schemas.js';
import { createActor, updateActor } from '../actors/actors.service.js';
import { loadActorReference } from '../actors/actors.validate.js';
import { generateActors } from '../generate/generate.actors.js';
import { seedDemoConventions } from './demo.conventions.js';
import { seedDemoIndicators } from './demo.indicators.js';

/**
 * Demo data: fictional organisations and one user per role, all flagged `is_demo` and named
 * "(exemple)". Idempotent: running it again adds only what is missing.
 */
const DEMO_ORGANISATIONS: OrganisationInput[] = [
  {
    kind: 'partner',
    partnerType: 'agency',
    nameFr: 'Agence nationale de développement forestier (exemple)',
    nameAr: 'الوكالة الوطنية لتنمية الغابات (مثال)',
    acronym: 'ANDF-EX',
  },
  {
    kind: 'partner',
    partnerType: 'university',
    nameFr: 'Université Mohammed VI Polytechnique (exemple)',
    nameAr: 'جامعة محمد السادس متعددة التخصصات (مثال)',
    acronym: 'UM6P-EX',
  },
  {
    kind: 'directorate',
    nameFr: "Direction régionale de l'artisanat de Souss-Massa (exemple)",
    nameAr: 'المديرية الجهوية للصناعة التقليدية بسوس ماسة (مثال)',
    territoryCode: '09',
  },
  {
    kind: 'chamber',
    nameFr: "Chambre d'artisanat de Marrakech-Safi (exemple)",
    nameAr: 'غرفة الصناعة التقليدية لجهة مراكش آسفي (مثال)',
    territoryCode: '07',
  },
  {
    kind: 'actor',
    nameFr: 'Coopérative Tifaouine (exemple)',
    nameAr: 'تعاونية تيفاوين (مثال)',
    territoryCode: '09.273',
  },
];

const DEMO_USERS: Array<{
  email: string;
  displayName: string;
  role: Role;
  organisation: string | null;
  territoryCode?: string;
}> = [
  {
    email: 'partner@nasij.local',
    displayName: 'Samira Partenaire (exemple)',
    role: 'partner',
    organisation: 'ANDF-EX',
  },
  {
    email: 'region@nasij.local',
    displayName: 'Youssef Région (exemple)',
    role: 'territorial',
    organisation: null,
    territoryCode: '09',
  },
  {
    email: 'coop@nasij.local',
    displayName: 'Fatima Coopérative (exemple)',
    role: 'actor',
    organisation: 'Coopérative Tifaouine (exemple)',
  },
];

/** How many generated demo actors: enough for living lists, filters and a few duplicates to review. */
const DEMO_ACTORS = 120;
/** The generated sample of demo actors (same options, same rows). */
const DEMO_GENERATION = { actors: DEMO_ACTORS, seed: 2025, duplicatesShare: 0.05 };

export interface DemoSeedResult {
  organisationsCreated: number;
  actorsCreated: number;
  conventionsCreated: number;
  /** Demo indicators and their reports (most validated, so dashboards have values). */
  indicatorsCreated: number;
  indicatorReportsCreated: number;
  usersCreated: Array<{ email: string; role: Role }>;
  password: string;
}

export async function seedDemo(
  db: Kysely<Database>,
  options: { password: string | null },
): Promise<DemoSeedResult> {
  const ctx = systemContext('system:demo-seed');
  const password = options.password ?? randomPassword();
  const byKey = new Map<string, string>();
  let organisationsCreated = 0;
  for (const input of DEMO_ORGANISATIONS) {
    let organisation = await findOrganisationByName(db, input.nameFr);
    if (!organisation) {
      organisation = await createOrganisation(db, ctx, input, { isDemo: true });
      organisationsCreated += 1;
    }
    byKey.set(input.nameFr, organisation.id);
    if (input.acronym) byKey.set(input.acronym, organisation.id);
  }
  const usersCreated: DemoSeedResult['usersCreated'] = [];
  for (const user of DEMO_USERS) {
    if (await findUserByEmail(db, user.email)) continue;
    await createUser(
      db,
      ctx,
      {
        email: user.email,
        displayName: user.displayName,
        password,
        role: user.role,
        organisationId: user.organisation ? (byKey.get(user.organisation) ?? null) : null,
        territoryCode: user.territoryCode ?? null,
      },
      { isDemo: true },
    );
    usersCreated.push({ email: user.email, role: user.role });
  }
  const actorsCreated = await seedDemoActors(db, byKey.get('Coopérative Tifaouine (exemple)') ?? null);
  const conventions = await seedDemoConventions(db);
  organisationsCreated += conventions.organisationsCreated;
  const indicators = await seedDemoIndicators(db, conventions.commitments);
  return {
    organisationsCreated,
    actorsCreated,
    conventionsCreated: conventions.conventionsCreated,
    indicatorsCreated: indicators.indicatorsCreated,
    indicatorReportsCreated: indicators.reportsCreated,
    usersCreated,
    password,
  };
}

/**
 * Demo actors, once: the demo cooperative's own record (linked to its organisation, so its user sees
 * it) and a seeded, generated sample across the regions, every record flagged is_demo and written
 * through the same service as a person would, so each has its audit history.
 */
async function seedDemoActors(
  db: Kysely<Database>,
  cooperativeOrganisationId: string | null,
): Promise<number> {
  const existing = await db
    .selectFrom('actors')
    .select('id')
    .where('is_demo', '=', true)
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    await completeDemoPersonFacts(db);
    return 0;
  }
  const ctx = systemContext('system:demo-seed');
  const own = await createActor(
    db,
    ctx,
    {
      kind: 'cooperative',
      nameFr: 'Coopérative Tifaouine',
      nameAr: 'تعاونية تيفاوين',
      provinceCode: '09.273',
      commune: 'Aït Melloul',
      activityCode: 'TEX.TAPIS',
      membersWomen: 24,
      membersMen: 3,
      membersYouth: 9,
      womenLed: true,
    },
    { isDemo: true },
  );
  if (cooperativeOrganisationId) {
    await db
      .updateTable('actors')
      .set({ organisation_id: cooperativeOrganisationId })
      .where('id', '=', own.actor.id)
      .execute();
  }
  const reference = await loadActorReference(db);
  let created = 1;
  for (const generated of generateActors(reference, DEMO_GENERATION)) {
    await createActor(db, ctx, generated.fields, { isDemo: true });
    created += 1;
  }
  return created;
}

type PersonFacts = Pick<ActorFields, 'sex' | 'birthDate' | 'hasDisability'>;

/**
 * Demo registries seeded before artisans had person facts (migration 0013) get them from the same
 * generated sample: each demo artisan without any is matched by names and province to the generated
 * row it was made from, and updated through the service (versioned, audited) like any edit. Runs
 * with the seed, so at every start; one query when there is nothing to complete.
 */
export async function completeDemoPersonFacts(db: Kysely<Database>): Promise<number> {
  const missing = await db
    .selectFrom('actors')
    .select(['id', 'name_fr', 'name_ar', 'province_code', 'version'])
    .where('is_demo', '=', true)
    .where('merged_into', 'is', null)
    .where('kind', 'in', ['artisan', 'master_artisan'])
    .where('sex', 'is', null)
    .where('birth_date', 'is', null)
    .where('has_disability', 'is', null)
    .execute();
  if (missing.length === 0) return 0;
  const key = (nameFr: string | null, nameAr: string | null, province: string) =>
    `${nameFr ?? ''}|${nameAr ?? ''}|${province}`;
  const generated = new Map<string, PersonFacts>();
  for (const { fields } of generateActors(await loadActorReference(db), DEMO_GENERATION)) {
    if (fields.sex === null) continue;
    const facts = { sex: fields.sex, birthDate: fields.birthDate, hasDisability: fields.hasDisability };
    generated.set(key(fields.nameFr, fields.nameAr, fields.provinceCode), facts);
  }
  const ctx = systemContext('system:demo-seed');
  let completed = 0;
  for (const row of missing) {
    const facts = generated.get(key(row.name_fr, row.name_ar, row.province_code));
    if (!facts) continue;
    await updateActor(db, ctx, row.id, { ...facts, version: row.version });
    completed += 1;
  }
  return completed;
}
