import { searchKey } from '../../shared/normalise.js';
import type { ActorReference } from '../actors/actors.validate.js';
import type { GeneratedActor } from './generate.actors.js';

/**
 * A generated actor as the `actors` table stores it: the same columns `checkActor` produces (the
 * generator's test holds them equal), plus status, timestamps and `is_demo`. Written here rather
 * than by calling `checkActor` per row because the name's search key is memoised: names repeat a
 * lot, and computing each key once makes a million rows several times faster.
 */
export const COPY_COLUMNS = [
  'id',
  'kind',
  'name_fr',
  'name_ar',
  'search_key',
  'nia',
  'cin',
  'ice',
  'rc_number',
  'rc_court',
  'if_number',
  'coop_register_number',
  'association_receipt',
  'review_flags',
  'province_code',
  'region_code',
  'commune',
  'address',
  'latitude',
  'longitude',
  'branch_code',
  'activity_code',
  'founded_on',
  'legal_status',
  'members_women',
  'members_men',
  'members_youth',
  'members_disabled',
  'members_elderly',
  'employees_women',
  'employees_men',
  'employees_youth',
  'employees_disabled',
  'employees_elderly',
  'women_led',
  'coastal',
  'sex',
  'birth_date',
  'has_disability',
  'phone',
  'email',
  'status',
  'status_reason',
  'status_changed_on',
  'is_demo',
  'created_at',
  'updated_at',
] as const;

export type CopyColumn = (typeof COPY_COLUMNS)[number];
export type CopyValue = string | number | boolean | string[] | null;

/** Memoised `searchKey`: generated names repeat (homonyms, generic organisation names). */
export function memoisedSearchKey(limit = 500_000): (text: string) => string {
  let cache = new Map<string, string>();
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const key = searchKey(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, key);
    return key;
  };
}

export function actorColumns(
  actor: GeneratedActor,
  reference: ActorReference,
  key: (text: string) => string = searchKey,
): Record<CopyColumn, CopyValue> {
  const f = actor.fields;
  const flags: string[] = [];
  if (f.ice && BigInt(f.ice) % 97n !== 0n) flags.push('ice_checksum');
  if (f.cin && !/^[A-Z]{1,2}[0-9]{1,6}$/.test(f.cin)) flags.push('cin_format');
  const branch = f.activityCode ? (reference.activityBranch.get(f.activityCode) ?? null) : f.branchCode;
  return {
    id: actor.id,
    kind: f.kind,
    name_fr: f.nameFr,
    name_ar: f.nameAr,
    search_key: key([f.nameFr, f.nameAr].filter(Boolean).join(' ')),
    nia: f.nia,
    cin: f.cin,
    ice: f.ice,
    rc_number: f.rcNumber,
    rc_court: f.rcCourt,
    if_number: f.ifNumber,
    coop_register_number: f.coopRegisterNumber,
    association_receipt: f.associationReceipt,
    review_flags: flags,
    province_code: f.provinceCode,
    region_code: f.provinceCode.slice(0, 2),
    commune: f.commune,
    address: f.address,
    latitude: f.latitude,
    longitude: f.longitude,
    branch_code: branch,
    activity_code: f.activityCode,
    founded_on: f.foundedOn,
    legal_status: f.legalStatus,
    members_women: f.membersWomen,
    members_men: f.membersMen,
    members_youth: f.membersYouth,
    members_disabled: f.membersDisabled,
    members_elderly: f.membersElderly,
    employees_women: f.employeesWomen,
    employees_men: f.employeesMen,
    employees_youth: f.employeesYouth,
    employees_disabled: f.employeesDisabled,
    employees_elderly: f.employeesElderly,
    women_led: f.womenLed,
    coastal: f.coastal,
    sex: f.sex,
    birth_date: f.birthDate,
    has_disability: f.hasDisability,
    phone: f.phone,
    email: f.email ? f.email.trim().toLowerCase() : null,
    status: actor.status,
    status_reason: actor.statusReason,
    status_changed_on: actor.statusChangedOn,
    is_demo: true,
    created_at: actor.createdAt,
    updated_at: actor.createdAt,
  };
}

/** One value in PostgreSQL's COPY text format. */
function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `{${value.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyText).join('\t')}\n`;
}

export function actorCopyLine(columns: Record<CopyColumn, CopyValue>): string {
  return copyLine(COPY_COLUMNS.map((column) => columns[column]));
}
