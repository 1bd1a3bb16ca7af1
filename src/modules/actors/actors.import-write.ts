import { type Kysely, sql } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import type { Context } from '../../shared/principal.js';
import type { AuditEntry } from '../audit/audit.service.js';
import { recordAuditMany } from '../audit/audit.service.js';
import { reduceIdentifier } from './actors.rules.js';
import { ACTOR_FIELDS, type ActorField, type ActorFields, COLUMN_OF } from './actors.schemas.js';
import type { ActorColumns } from './actors.validate.js';

type Db = Kysely<Database>;

const PERSON_KINDS = ['artisan', 'master_artisan'] as const;
const isPerson = (kind: string) => (PERSON_KINDS as readonly string[]).includes(kind);

/** The identifying values of a record, whether read from a file or from the table. */
export interface IdentityValues {
  kind: string | null;
  provinceCode: string | null;
  nameFr: string | null;
  nameAr: string | null;
  commune: string | null;
  foundedOn: string | null;
  phone: string | null;
  nia: string | null;
  cin: string | null;
  ice: string | null;
  rcNumber: string | null;
  rcCourt: string | null;
  ifNumber: string | null;
  coopRegisterNumber: string | null;
  associationReceipt: string | null;
}

/** One way a record is identified, as a comparable key, with the field to blame for a clash. */
export interface IdentityKey {
  key: string;
  field: ActorField;
}

const SEP = '\u001f';

/**
 * The keys that identify a record, matching the registry's unique indexes: NIA, ICE, IF and
 * cooperative register number alone; CIN for persons; RC with its court; association receipt with
 * its province. A record with none of them is known by kind, province and both names exactly, which
 * keeps re-imports of such rows from creating copies without merging look-alikes (that is the
 * duplicate finder's job).
 */
export function identityKeys(v: IdentityValues): IdentityKey[] {
  const keys: IdentityKey[] = [];
  const add = (field: ActorField, ...parts: string[]) =>
    keys.push({ key: [field, ...parts].join(SEP), field });
  if (v.nia) add('nia', v.nia);
  if (v.cin && v.kind && isPerson(v.kind)) add('cin', v.cin);
  if (v.ice) add('ice', v.ice);
  if (v.rcNumber && v.rcCourt) add('rcNumber', v.rcCourt, v.rcNumber);
  if (v.ifNumber) add('ifNumber', v.ifNumber);
  if (v.coopRegisterNumber) add('coopRegisterNumber', v.coopRegisterNumber);
  if (v.associationReceipt && v.provinceCode) add('associationReceipt', v.provinceCode, v.associationReceipt);
  const anyIdentifier =
    v.nia || v.cin || v.ice || v.rcNumber || v.ifNumber || v.coopRegisterNumber || v.associationReceipt;
  // Generic names repeat ("Coopérative Al Amal"): without identifiers, a row is the same record only
  // if everything it says about itself agrees (names, commune, founding date, phone), never by name alone.
  if (!anyIdentifier && v.kind && v.provinceCode)
    add(
      'nameFr',
      v.kind,
      v.provinceCode,
      v.nameFr ?? '',
      v.nameAr ?? '',
      v.commune ?? '',
      v.foundedOn ?? '',
      v.phone ?? '',
    );
  return keys;
}

/** Identity of a row as the file gives it (identifiers reduced as they are stored). */
export function identityOfFields(fields: Partial<ActorFields>): IdentityValues {
  const id = (value: string | null | undefined) => (value?.trim() ? reduceIdentifier(value) : null);
  const text = (value: string | null | undefined) => value?.trim() || null;
  return {
    kind: fields.kind ?? null,
    provinceCode: fields.provinceCode ?? null,
    nameFr: text(fields.nameFr),
    nameAr: text(fields.nameAr),
    commune: text(fields.commune),
    foundedOn: text(fields.foundedOn),
    phone: text(fields.phone),
    nia: id(fields.nia),
    cin: id(fields.cin),
    ice: id(fields.ice),
    rcNumber: id(fields.rcNumber),
    rcCourt: text(fields.rcCourt),
    ifNumber: id(fields.ifNumber),
    coopRegisterNumber: id(fields.coopRegisterNumber),
    associationReceipt: id(fields.associationReceipt),
  };
}

export function identityOfColumns(c: Pick<ActorRow, keyof ActorColumns & keyof ActorRow>): IdentityValues {
  return {
    kind: c.kind,
    provinceCode: c.province_code,
    nameFr: c.name_fr,
    nameAr: c.name_ar,
    commune: c.commune,
    foundedOn: c.founded_on,
    phone: c.phone,
    nia: c.nia,
    cin: c.cin,
    ice: c.ice,
    rcNumber: c.rc_number,
    rcCourt: c.rc_court,
    ifNumber: c.if_number,
    coopRegisterNumber: c.coop_register_number,
    associationReceipt: c.association_receipt,
  };
}

/** One query for a whole batch: the live records that share any identity key with its rows. */
export async function findByIdentity(db: Db, rows: IdentityValues[]): Promise<Map<string, ActorRow>> {
  const list = (pick: (v: IdentityValues) => string | null) => [
    ...new Set(rows.map(pick).filter((v): v is string => v !== null)),
  ];
  const nia = list((v) => v.nia);
  const cin = list((v) => (v.kind && isPerson(v.kind) ? v.cin : null));
  const ice = list((v) => v.ice);
  const ifNumber = list((v) => v.ifNumber);
  const coop = list((v) => v.coopRegisterNumber);
  const rc = rows.filter((v) => v.rcNumber && v.rcCourt);
  const receipts = rows.filter((v) => v.associationReceipt && v.provinceCode);
  const named = rows.filter((v) => identityKeys(v).some((k) => k.field === 'nameFr'));
  // Arrays as single parameters (= ANY, unnest) keep the plan the same size whatever the batch: long
  // IN lists of row values made PostgreSQL's planner (and PGlite's above all) stall. One query per
  // kind of key, each served by its own index: ORed together in one query, PostgreSQL read the whole
  // table for every batch (2 s a batch at a million actors).
  const text = (values: string[]) => sql`${values}::text[]`;
  const live = () => db.selectFrom('actors').selectAll().where('merged_into', 'is', null);
  const lookups = [];
  if (nia.length) lookups.push(live().where(sql<boolean>`nia = ANY(${text(nia)})`));
  if (cin.length)
    lookups.push(
      live().where(sql<boolean>`cin = ANY(${text(cin)}) AND kind IN ('artisan', 'master_artisan')`),
    );
  if (ice.length) lookups.push(live().where(sql<boolean>`ice = ANY(${text(ice)})`));
  if (ifNumber.length) lookups.push(live().where(sql<boolean>`if_number = ANY(${text(ifNumber)})`));
  if (coop.length) lookups.push(live().where(sql<boolean>`coop_register_number = ANY(${text(coop)})`));
  if (rc.length) {
    const courts = text(rc.map((v) => v.rcCourt ?? ''));
    const numbers = text(rc.map((v) => v.rcNumber ?? ''));
    lookups.push(
      live().where(
        sql<boolean>`rc_number = ANY(${numbers}) AND (rc_court, rc_number) IN (SELECT * FROM unnest(${courts}, ${numbers}))`,
      ),
    );
  }
  if (receipts.length) {
    const provinces = text(receipts.map((v) => v.provinceCode ?? ''));
    const numbers = text(receipts.map((v) => v.associationReceipt ?? ''));
    lookups.push(
      live().where(
        sql<boolean>`association_receipt = ANY(${numbers})
          AND (province_code, association_receipt) IN (SELECT * FROM unnest(${provinces}, ${numbers}))`,
      ),
    );
  }
  if (named.length) {
    const kinds = text(named.map((v) => v.kind ?? ''));
    const provinces = text(named.map((v) => v.provinceCode ?? ''));
    const fr = text(named.map((v) => v.nameFr ?? ''));
    const ar = text(named.map((v) => v.nameAr ?? ''));
    const communes = text(named.map((v) => v.commune ?? ''));
    const founded = text(named.map((v) => v.foundedOn ?? ''));
    const phones = text(named.map((v) => v.phone ?? ''));
    // Province, kind and name on their index (actors_province_kind_name), then everything else.
    const names = text(named.map((v) => v.nameFr ?? v.nameAr ?? ''));
    lookups.push(
      live().where(
        sql<boolean>`(province_code, kind, coalesce(name_fr, name_ar)) IN (SELECT * FROM unnest(${provinces}, ${kinds}, ${names}))
          AND (kind, province_code, coalesce(name_fr, ''), coalesce(name_ar, ''), coalesce(commune, ''),
            coalesce(founded_on::text, ''), coalesce(phone, ''))
            IN (SELECT * FROM unnest(${kinds}, ${provinces}, ${fr}, ${ar}, ${communes}, ${founded}, ${phones}))`,
      ),
    );
  }
  const found: ActorRow[] = [];
  for (const lookup of lookups) found.push(...((await lookup.execute()) as ActorRow[]));
  const byKey = new Map<string, ActorRow>();
  for (const row of found) for (const { key } of identityKeys(identityOfColumns(row))) byKey.set(key, row);
  return byKey;
}

/** Columns an import writes: every editable field plus what validation derives from them. */
const WRITTEN: Array<keyof ActorColumns> = [
  ...ACTOR_FIELDS.map((field) => COLUMN_OF[field] as keyof ActorColumns),
  'region_code',
  'search_key',
  'review_flags',
];

/** True when writing `columns` would change nothing in `row`, so the re-import leaves it (and its history) alone. */
export function sameColumns(row: ActorRow, columns: ActorColumns): boolean {
  return WRITTEN.every(
    (column) => JSON.stringify(row[column] ?? null) === JSON.stringify(columns[column] ?? null),
  );
}

export interface BatchWrite {
  inserts: ActorColumns[];
  updates: Array<{ before: ActorRow; columns: ActorColumns }>;
}

/**
 * Writes one batch in one transaction: one multi-row INSERT, one UPDATE for all matched records (both
 * through `json_populate_recordset` (plain json: parsed at half the cost of jsonb), so each is one statement with one parameter whatever the batch
 * size), and their audit rows. A failure rolls the whole batch back; earlier batches stay.
 */
export async function writeBatch(db: Db, ctx: Context, batch: BatchWrite): Promise<void> {
  if (batch.inserts.length === 0 && batch.updates.length === 0) return;
  const columns = sql.join(WRITTEN.map((column) => sql.ref(column)));
  const values = sql.join(WRITTEN.map((column) => sql.ref(`v.${column}`)));
  const pick = (c: ActorColumns) => Object.fromEntries(WRITTEN.map((column) => [column, c[column]]));
  await db.transaction().execute(async (trx) => {
    const audit: AuditEntry[] = [];
    if (batch.inserts.length > 0) {
      const json = JSON.stringify(batch.inserts.map(pick));
      const created = await sql<ActorRow>`
        INSERT INTO actors (${columns})
        SELECT ${values} FROM json_populate_recordset(null::actors, ${json}::json) AS v
        RETURNING *`.execute(trx);
      for (const row of created.rows)
        audit.push({ action: 'actor.created', entityType: 'actor', entityId: row.id, after: row });
    }
    if (batch.updates.length > 0) {
      const json = JSON.stringify(
        batch.updates.map(({ before, columns: c }) => ({ ...pick(c), id: before.id })),
      );
      const assignments = sql.join(
        WRITTEN.map((column) => sql`${sql.ref(column)} = ${sql.ref(`v.${column}`)}`),
      );
      const updated = await sql<ActorRow>`
        UPDATE actors AS a SET ${assignments}, updated_at = now(), version = a.version + 1
        FROM json_populate_recordset(null::actors, ${json}::json) AS v
        WHERE a.id = v.id
        RETURNING a.*`.execute(trx);
      const after = new Map(updated.rows.map((row) => [row.id, row]));
      for (const { before } of batch.updates)
        audit.push({
          action: 'actor.updated',
          entityType: 'actor',
          entityId: before.id,
          before,
          after: after.get(before.id) ?? null,
        });
    }
    await recordAuditMany(trx, ctx, audit);
  });
}
