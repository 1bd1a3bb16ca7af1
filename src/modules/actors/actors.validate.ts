import type { Kysely } from 'kysely';
import type { ActorsTable, Database, TerritoryRow } from '../../db/database.js';
import { AppError, type FieldError } from '../../shared/errors.js';
import { searchKey } from '../../shared/normalise.js';
import {
  checkCin,
  checkCode,
  checkIce,
  checkPersonFacts,
  type IdentifierCheck,
  reduceIdentifier,
  womenLedDisagrees,
} from './actors.rules.js';
import { ACTOR_FIELDS, type ActorField, type ActorFields, COLUMN_OF } from './actors.schemas.js';

type ActorColumns = Omit<
  ActorsTable,
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'version'
  | 'is_demo'
  | 'status'
  | 'review_flags'
  | 'women_led'
  | 'coastal'
  | 'merged_into'
  | 'organisation_id'
  | 'status_reason'
  | 'status_changed_on'
> & {
  women_led: boolean;
  coastal: boolean;
  review_flags: string[];
};

export interface PreparedActor {
  columns: ActorColumns;
  warnings: FieldError[];
}

const IDENTIFIERS: Array<{ field: ActorField; label: string }> = [
  { field: 'nia', label: 'NIA' },
  { field: 'cin', label: 'CIN' },
  { field: 'ice', label: 'ICE' },
  { field: 'rcNumber', label: 'RC number' },
  { field: 'ifNumber', label: 'IF number' },
  { field: 'coopRegisterNumber', label: 'cooperative register number' },
  { field: 'associationReceipt', label: 'association receipt' },
];

/** An empty field of a complete record. */
export function emptyActorFields(): ActorFields {
  const fields = Object.fromEntries(ACTOR_FIELDS.map((field) => [field, null])) as unknown as ActorFields;
  return { ...fields, womenLed: false, coastal: false };
}

/** What validation needs from the database, loaded once per request or per import. */
export interface ActorReference {
  territories: Map<string, TerritoryRow>;
  branches: Set<string>;
  activityBranch: Map<string, string>;
}

export async function loadActorReference(db: Kysely<Database>): Promise<ActorReference> {
  const territories = await db.selectFrom('territories').selectAll().execute();
  const branches = await db.selectFrom('craft_branches').select('code').execute();
  const activities = await db.selectFrom('craft_activities').select(['code', 'branch_code']).execute();
  return {
    territories: new Map(territories.map((t) => [t.code, t])),
    branches: new Set(branches.map((b) => b.code)),
    activityBranch: new Map(activities.map((a) => [a.code, a.branch_code])),
  };
}

export interface CheckedActor {
  columns: ActorColumns;
  warnings: FieldError[];
  errors: FieldError[];
}

/**
 * Checks a complete record against the registry's rules and turns it into table columns, without
 * touching the database. Every problem is collected, each with its JSON pointer under `base`
 * (`/body` for the API, `/rows/12` for an import).
 */
export function checkActor(input: ActorFields, reference: ActorReference, base = '/body'): CheckedActor {
  const errors: FieldError[] = [];
  const check: IdentifierCheck = { errors, warnings: [], reviewFlags: [] };
  const at = (field: ActorField) => `${base}/${field}`;
  const text = (value: string | null) => (value === null ? null : value.trim() || null);

  const nameFr = text(input.nameFr);
  const nameAr = text(input.nameAr);
  if (!nameFr && !nameAr)
    errors.push({
      pointer: at('nameFr'),
      detail: 'give the name in Latin script, in Arabic script, or both',
    });

  const ids = Object.fromEntries(
    IDENTIFIERS.map(({ field }) => {
      const raw = input[field];
      return [field, typeof raw === 'string' && raw.trim() ? reduceIdentifier(raw) : null];
    }),
  ) as Record<ActorField, string | null>;
  for (const { field, label } of IDENTIFIERS) {
    const value = ids[field];
    if (!value) continue;
    if (field === 'ice') checkIce(value, at(field), check);
    else if (field === 'cin') checkCin(value, at(field), check);
    else checkCode(value, at(field), check, label);
  }
  const isPerson = input.kind === 'artisan' || input.kind === 'master_artisan';
  if (ids.cin && !isPerson)
    errors.push({ pointer: at('cin'), detail: 'a CIN identifies a person: only artisans have one' });
  errors.push(...checkPersonFacts(input, isPerson, at));
  if (womenLedDisagrees(input, isPerson))
    check.warnings.push({
      pointer: at('sex'),
      detail:
        'for an artisan, "women-led" says the artisan is a woman: it disagrees with the sex given, check both',
    });
  if (ids.coopRegisterNumber && input.kind !== 'cooperative') {
    errors.push({
      pointer: at('coopRegisterNumber'),
      detail: 'only cooperatives have a cooperative register number',
    });
  }
  if (ids.associationReceipt && input.kind !== 'association') {
    errors.push({
      pointer: at('associationReceipt'),
      detail: 'only associations have a declaration receipt',
    });
  }
  if (ids.rcNumber && !text(input.rcCourt))
    errors.push({ pointer: at('rcCourt'), detail: 'an RC number needs the court that keeps it' });

  let regionCode = '';
  const province = reference.territories.get(input.provinceCode);
  if (!province)
    errors.push({ pointer: at('provinceCode'), detail: `unknown province code ${input.provinceCode}` });
  else if (province.level === 'region') {
    errors.push({
      pointer: at('provinceCode'),
      detail: `${input.provinceCode} is a region: give the province or prefecture`,
    });
  } else regionCode = province.code.slice(0, 2);

  let branchCode = input.branchCode;
  if (input.activityCode) {
    const activityBranch = reference.activityBranch.get(input.activityCode);
    if (!activityBranch)
      errors.push({ pointer: at('activityCode'), detail: `unknown activity ${input.activityCode}` });
    else if (branchCode && branchCode !== activityBranch) {
      errors.push({
        pointer: at('activityCode'),
        detail: `activity ${input.activityCode} belongs to branch ${activityBranch}`,
      });
    } else branchCode = activityBranch;
  }
  if (branchCode && !reference.branches.has(branchCode))
    errors.push({ pointer: at('branchCode'), detail: `unknown branch ${branchCode}` });

  for (const group of ['members', 'employees'] as const) {
    const women = input[`${group}Women`];
    const men = input[`${group}Men`];
    if (women === null || men === null) continue;
    for (const part of ['Youth', 'Disabled', 'Elderly'] as const) {
      const value = input[`${group}${part}`];
      if (value !== null && value > women + men) {
        errors.push({
          pointer: at(`${group}${part}`),
          detail: `cannot exceed the ${group} counted (${women + men})`,
        });
      }
    }
  }
  if (input.foundedOn && input.foundedOn > new Date().toISOString().slice(0, 10)) {
    errors.push({ pointer: at('foundedOn'), detail: 'cannot be in the future' });
  }
  if ((input.latitude === null) !== (input.longitude === null)) {
    errors.push({ pointer: at('latitude'), detail: 'give both latitude and longitude, or neither' });
  }

  const columns = Object.fromEntries(
    ACTOR_FIELDS.map((field) => [COLUMN_OF[field], input[field]]),
  ) as unknown as ActorColumns;
  return {
    columns: {
      ...columns,
      name_fr: nameFr,
      name_ar: nameAr,
      nia: ids.nia ?? null,
      cin: ids.cin ?? null,
      ice: ids.ice ?? null,
      rc_number: ids.rcNumber ?? null,
      rc_court: text(input.rcCourt),
      if_number: ids.ifNumber ?? null,
      coop_register_number: ids.coopRegisterNumber ?? null,
      association_receipt: ids.associationReceipt ?? null,
      commune: text(input.commune),
      address: text(input.address),
      legal_status: text(input.legalStatus),
      email: input.email ? input.email.trim().toLowerCase() : null,
      branch_code: branchCode,
      region_code: regionCode,
      search_key: searchKey([nameFr, nameAr].filter(Boolean).join(' ')),
      review_flags: check.reviewFlags,
    },
    warnings: check.warnings,
    errors,
  };
}

/** `checkActor` for one record from the API: loads the reference and throws on the first bad record. */
export async function prepareActor(
  db: Kysely<Database>,
  input: ActorFields,
  base = '/body',
): Promise<PreparedActor> {
  const checked = checkActor(input, await loadActorReference(db), base);
  if (checked.errors.length > 0) {
    const summary = checked.errors.map((e) => `${e.pointer} ${e.detail}`).join('; ');
    throw new AppError(
      'VALIDATION_FAILED',
      `The record has ${checked.errors.length} problem(s): ${summary}`,
      {
        errors: checked.errors,
      },
    );
  }
  return { columns: checked.columns, warnings: checked.warnings };
}

/**
 * Refuses an identifier already held by another live record, naming the field and the other record.
 */
export async function assertIdentifiersFree(
  db: Kysely<Database>,
  columns: ActorColumns,
  selfId: string | null,
  base = '/body',
): Promise<void> {
  const clashes: FieldError[] = [];
  const probes: Array<{ field: ActorField; query: () => Promise<{ id: string } | undefined> }> = [];
  const live = () => {
    let query = db.selectFrom('actors').select('id').where('merged_into', 'is', null);
    if (selfId) query = query.where('id', '<>', selfId);
    return query;
  };
  if (columns.nia)
    probes.push({ field: 'nia', query: () => live().where('nia', '=', columns.nia).executeTakeFirst() });
  if (columns.cin && (columns.kind === 'artisan' || columns.kind === 'master_artisan')) {
    probes.push({
      field: 'cin',
      query: () =>
        live()
          .where('cin', '=', columns.cin)
          .where('kind', 'in', ['artisan', 'master_artisan'])
          .executeTakeFirst(),
    });
  }
  if (columns.ice)
    probes.push({ field: 'ice', query: () => live().where('ice', '=', columns.ice).executeTakeFirst() });
  if (columns.rc_number) {
    probes.push({
      field: 'rcNumber',
      query: () =>
        live()
          .where('rc_number', '=', columns.rc_number)
          .where('rc_court', '=', columns.rc_court)
          .executeTakeFirst(),
    });
  }
  if (columns.if_number)
    probes.push({
      field: 'ifNumber',
      query: () => live().where('if_number', '=', columns.if_number).executeTakeFirst(),
    });
  if (columns.coop_register_number) {
    probes.push({
      field: 'coopRegisterNumber',
      query: () => live().where('coop_register_number', '=', columns.coop_register_number).executeTakeFirst(),
    });
  }
  if (columns.association_receipt) {
    probes.push({
      field: 'associationReceipt',
      query: () =>
        live()
          .where('association_receipt', '=', columns.association_receipt)
          .where('province_code', '=', columns.province_code)
          .executeTakeFirst(),
    });
  }
  for (const probe of probes) {
    const other = await probe.query();
    if (other)
      clashes.push({ pointer: `${base}/${probe.field}`, detail: `already registered for actor ${other.id}` });
  }
  if (clashes.length > 0) {
    throw new AppError('IDENTIFIER_TAKEN', clashes.map((c) => `${c.pointer} ${c.detail}`).join('; '), {
      errors: clashes,
    });
  }
}

export type { ActorColumns };
