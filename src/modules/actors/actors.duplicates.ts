import type { Kysely } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { foldText, searchKey } from '../../shared/normalise.js';
import { gramSetSimilarity, trigrams } from '../../shared/trigram.js';
import { apiFieldName } from './actors.schemas.js';

/**
 * Duplicate detection. A pair of records scores from 0 to 1 on evidence: a shared identifier is
 * decisive, and two different identifiers of one kind (CIN, ICE, IF, register numbers) rule the pair
 * out, as does a person against an organisation; a shared phone or email is strong; a similar name
 * counts only inside one province and only with something else to back it (same commune, founding
 * year, kind, branch), because many cooperatives share generic names ("Al Amal", "Annour") in
 * different places: a name alone never makes a match. A name many records of the province share
 * counts less, so the commune alone no longer carries it.
 */
export const DUPLICATE_THRESHOLD = 0.75;
/** Names must be at least this similar (on their distinctive words) to count at all. */
export const NAME_SIMILARITY_FLOOR = 0.5;

export type DuplicateRecord = Pick<
  ActorRow,
  | 'id'
  | 'kind'
  | 'province_code'
  | 'commune'
  | 'founded_on'
  | 'branch_code'
  | 'search_key'
  | 'phone'
  | 'email'
  | 'nia'
  | 'cin'
  | 'ice'
  | 'rc_number'
  | 'rc_court'
  | 'if_number'
  | 'coop_register_number'
  | 'association_receipt'
>;

export const DUPLICATE_COLUMNS = [
  'id',
  'kind',
  'province_code',
  'commune',
  'founded_on',
  'branch_code',
  'search_key',
  'phone',
  'email',
  'nia',
  'cin',
  'ice',
  'rc_number',
  'rc_court',
  'if_number',
  'coop_register_number',
  'association_receipt',
] as const;

export interface DuplicateReason {
  code:
    | 'same_identifier'
    | 'similar_name'
    | 'same_phone'
    | 'same_email'
    | 'same_commune'
    | 'same_founding_year'
    | 'same_kind'
    | 'same_branch';
  field?: string;
  similarity?: number;
}

/** Words every organisation's name may carry; they say nothing about which one it is. */
const GENERIC_WORDS = [
  'coopérative',
  'cooperative',
  'coop',
  'تعاونية',
  'association',
  'assoc',
  'جمعية',
  'mutuelle',
  'تعاضدية',
  'société',
  'شركة',
  'féminine',
  'feminine',
  'نسوية',
  'artisanat',
  'artisanale',
  'artisans',
  'الصناعة',
  'التقليدية',
  'pour',
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'و',
  'ل',
  'في',
  'للتنمية',
  'développement',
];
const GENERIC_TOKENS = new Set(GENERIC_WORDS.flatMap((word) => searchKey(word).split(' ')).filter(Boolean));

/** The search key without its generic words: what tells two organisations apart. */
export function distinctiveKey(key: string): string {
  return key
    .split(' ')
    .filter((token) => token && !GENERIC_TOKENS.has(token))
    .join(' ');
}

/** Digits only, with Morocco's +212 / 00212 written as a leading 0. */
export function normalisePhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '').replace(/^(00)?212/, '0');
  return digits.length >= 8 ? digits : null;
}

const IDENTIFIER_FIELDS = ['nia', 'ice', 'if_number', 'coop_register_number'] as const;

const OTHER_LEGAL_FORM_PENALTY = 0.25;
const OTHER_FOUNDING_YEAR_PENALTY = 0.2;

/** Years between the two founding dates, or null when either is unknown. */
function foundingYearGap(a: DuplicateRecord, b: DuplicateRecord): number | null {
  if (!a.founded_on || !b.founded_on) return null;
  return Math.abs(Number(a.founded_on.slice(0, 4)) - Number(b.founded_on.slice(0, 4)));
}
const isPerson = (r: DuplicateRecord) => r.kind === 'artisan' || r.kind === 'master_artisan';
const differ = (x: string | null, y: string | null) => x !== null && y !== null && x !== y;

/** True when both records hold an identifier of one kind and the values differ. */
export function conflictingIdentifier(a: DuplicateRecord, b: DuplicateRecord): boolean {
  return (
    (isPerson(a) && isPerson(b) && differ(a.cin, b.cin)) ||
    differ(a.ice, b.ice) ||
    differ(a.if_number, b.if_number) ||
    differ(a.coop_register_number, b.coop_register_number) ||
    (a.rc_court !== null && a.rc_court === b.rc_court && differ(a.rc_number, b.rc_number)) ||
    (a.province_code === b.province_code && differ(a.association_receipt, b.association_receipt))
  );
}

/**
 * A name shared (on its distinctive words) by more than this many records of a province is common
 * there: it still counts, but less, so a commune alone no longer lifts it over the line.
 */
export const COMMON_NAME_COUNT = 8;
const NAME_WEIGHT = 0.7;
const COMMON_NAME_WEIGHT = 0.45;

export interface PairContext {
  /** The pair's name is common in its province (see COMMON_NAME_COUNT). */
  commonName?: boolean;
}

/** What scoring needs from a record, worked out once per record object rather than once per pair. */
interface Prepared {
  nameGrams: Set<string>;
  commune: string | null;
  phone: string | null;
}
const preparedCache = new WeakMap<DuplicateRecord, Prepared>();

function prepared(record: DuplicateRecord): Prepared {
  let facts = preparedCache.get(record);
  if (!facts) {
    facts = {
      nameGrams: trigrams(distinctiveKey(record.search_key) || record.search_key),
      commune: record.commune ? foldText(record.commune) : null,
      phone: normalisePhone(record.phone),
    };
    preparedCache.set(record, facts);
  }
  return facts;
}

export function scorePair(
  a: DuplicateRecord,
  b: DuplicateRecord,
  context: PairContext = {},
): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  for (const field of IDENTIFIER_FIELDS) {
    if (a[field] && a[field] === b[field])
      reasons.push({ code: 'same_identifier', field: apiFieldName(field) });
  }
  if (a.cin && a.cin === b.cin && isPerson(a) && isPerson(b))
    reasons.push({ code: 'same_identifier', field: 'cin' });
  if (a.rc_number && a.rc_number === b.rc_number && a.rc_court === b.rc_court)
    reasons.push({ code: 'same_identifier', field: 'rcNumber' });
  if (
    a.association_receipt &&
    a.association_receipt === b.association_receipt &&
    a.province_code === b.province_code
  ) {
    reasons.push({ code: 'same_identifier', field: 'associationReceipt' });
  }
  if (reasons.length > 0) return { score: 1, reasons };
  // Two records that each hold a different number of the same kind are two actors, however alike
  // their names: homonym artisans of one commune carry different CINs. (NIA is left out: a second
  // NIA for the same person is exactly the double registration this search is for.)
  if (conflictingIdentifier(a, b)) return { score: 0, reasons: [] };
  // A person is never an organisation; a cooperative and an association are different legal forms,
  // so a name, commune and year in common are not enough across them (a phone or email still is).
  if (isPerson(a) !== isPerson(b)) return { score: 0, reasons: [] };
  let score = a.kind === b.kind ? 0 : -OTHER_LEGAL_FORM_PENALTY;

  const pa = prepared(a);
  const pb = prepared(b);
  if (pa.phone && pa.phone === pb.phone) {
    score += 0.4;
    reasons.push({ code: 'same_phone' });
  }
  if (a.email && a.email === b.email) {
    score += 0.4;
    reasons.push({ code: 'same_email' });
  }
  if (a.province_code === b.province_code) {
    const similarity = gramSetSimilarity(pa.nameGrams, pb.nameGrams);
    if (similarity >= NAME_SIMILARITY_FLOOR) {
      score += (context.commonName ? COMMON_NAME_WEIGHT : NAME_WEIGHT) * similarity;
      reasons.push({ code: 'similar_name', similarity: Math.round(similarity * 100) / 100 });
      if (pa.commune && pa.commune === pb.commune) {
        score += 0.15;
        reasons.push({ code: 'same_commune' });
      }
      const years = foundingYearGap(a, b);
      if (years === 0) {
        score += 0.1;
        reasons.push({ code: 'same_founding_year' });
      } else if (years !== null && years > 1) {
        // One actor has one founding date: years apart, the records are two actors of one name
        // (a typed-in year may be off by one). A phone or email in common still outweighs it.
        score -= OTHER_FOUNDING_YEAR_PENALTY;
      }
      // Kind and branch nudge a score but can never lift an identical name over the line on their
      // own: 0.7 + 0.03 + 0.01 stays below 0.75.
      if (a.kind === b.kind) {
        score += 0.03;
        reasons.push({ code: 'same_kind' });
      }
      if (a.branch_code && a.branch_code === b.branch_code) {
        score += 0.01;
        reasons.push({ code: 'same_branch' });
      }
    }
  }
  return { score: Math.max(0, Math.min(1, Math.round(score * 1000) / 1000)), reasons };
}

export interface DuplicatePair {
  a: string;
  b: string;
  score: number;
  reasons: DuplicateReason[];
}

/** Blocks too large to compare pair by pair are names' most common words: they would find nothing. */
const MAX_BLOCK = 400;

/**
 * Compares the records of one province that share a blocking key (a distinctive word, or its first or
 * last three letters, so a typo in one place still meets), scoring each pair once.
 */
export function pairsWithinProvince(records: DuplicateRecord[]): DuplicatePair[] {
  const blocks = new Map<string, number[]>();
  const names = records.map((record) => distinctiveKey(record.search_key));
  const nameCount = new Map<string, number>();
  for (const name of names) nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  const common = names.map((name) => name !== '' && (nameCount.get(name) ?? 0) > COMMON_NAME_COUNT);
  names.forEach((name, index) => {
    const tokens = name.split(' ').filter((token) => token.length >= 2);
    const keys = new Set<string>();
    for (const token of tokens) {
      keys.add(`w:${token}`);
      if (token.length >= 3) {
        keys.add(`p:${token.slice(0, 3)}`);
        keys.add(`s:${token.slice(-3)}`);
      }
    }
    for (const key of keys) {
      const block = blocks.get(key);
      if (block) block.push(index);
      else blocks.set(key, [index]);
    }
  });
  // Pairs of record indexes as one number: a Set of strings built from two UUIDs per pair was the
  // scan's main cost on large provinces.
  const seen = new Set<number>();
  const pairs: DuplicatePair[] = [];
  for (const block of blocks.values()) {
    if (block.length < 2 || block.length > MAX_BLOCK) continue;
    for (let i = 0; i < block.length; i += 1) {
      for (let j = i + 1; j < block.length; j += 1) {
        const x = block[i] ?? -1;
        const y = block[j] ?? -1;
        const pairKey = x < y ? x * records.length + y : y * records.length + x;
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        const left = records[x];
        const right = records[y];
        if (!left || !right) continue;
        const [a, b] = left.id < right.id ? [left, right] : [right, left];
        const { score, reasons } = scorePair(a, b, { commonName: common[x] === true || common[y] === true });
        if (score >= DUPLICATE_THRESHOLD) pairs.push({ a: a.id, b: b.id, score, reasons });
      }
    }
  }
  return pairs;
}

/** Records sharing an identifier, a phone or an email anywhere in the country (grouped in SQL). */
async function pairsSharingContactOrIdentifier(db: Kysely<Database>): Promise<DuplicatePair[]> {
  const groups: string[][] = [];
  for (const column of [
    'nia',
    'ice',
    'if_number',
    'coop_register_number',
    'cin',
    'phone',
    'email',
  ] as const) {
    const rows = await db
      .selectFrom('actors')
      .select((eb) => eb.fn.agg<string[]>('array_agg', ['id']).as('ids'))
      .where('merged_into', 'is', null)
      .where(column, 'is not', null)
      .groupBy(column)
      .having((eb) => eb.fn.countAll(), '>', 1)
      // A number shared by dozens of records is a switchboard or a placeholder, not a duplicate.
      .having((eb) => eb.fn.countAll(), '<=', 20)
      .execute();
    groups.push(...rows.map((row) => row.ids));
  }
  const ids = [...new Set(groups.flat())];
  if (ids.length === 0) return [];
  const records = new Map<string, DuplicateRecord>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = await db
      .selectFrom('actors')
      .select(DUPLICATE_COLUMNS)
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
    for (const record of chunk) records.set(record.id, record);
  }
  const pairs: DuplicatePair[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.length; i += 1) {
      for (let j = i + 1; j < group.length; j += 1) {
        const left = records.get(group[i] ?? '');
        const right = records.get(group[j] ?? '');
        if (!left || !right) continue;
        const [a, b] = left.id < right.id ? [left, right] : [right, left];
        // They share a number or a contact: strong evidence whatever the name's frequency.
        const { score, reasons } = scorePair(a, b);
        if (score >= DUPLICATE_THRESHOLD) pairs.push({ a: a.id, b: b.id, score, reasons });
      }
    }
  }
  return pairs;
}

/** The whole registry, province by province, plus country-wide shared identifiers and contacts. */
export async function scanDuplicates(
  db: Kysely<Database>,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<DuplicatePair[]> {
  const provinces = await db
    .selectFrom('actors')
    .select('province_code')
    .distinct()
    .orderBy('province_code')
    .execute();
  const byKey = new Map<string, DuplicatePair>();
  for (const [index, { province_code }] of provinces.entries()) {
    const records = await db
      .selectFrom('actors')
      .select(DUPLICATE_COLUMNS)
      .where('province_code', '=', province_code)
      .where('merged_into', 'is', null)
      .execute();
    for (const pair of pairsWithinProvince(records)) byKey.set(`${pair.a}|${pair.b}`, pair);
    onProgress(index + 1, provinces.length);
  }
  for (const pair of await pairsSharingContactOrIdentifier(db)) byKey.set(`${pair.a}|${pair.b}`, pair);
  return [...byKey.values()].sort((x, y) => y.score - x.score);
}
