import type { ActorKind, TerritoryRow } from '../../db/database.js';
import type { ActorFields } from '../actors/actors.schemas.js';
import type { ActorReference } from '../actors/actors.validate.js';
import {
  ACTIVITY_PHRASES,
  ASSOCIATION_PURPOSES,
  FAMILY,
  FEMALE_GIVEN,
  MALE_GIVEN,
  ORGANISATION_NAMES,
  PLACES,
  PRODUCT_PHRASES,
  type Word,
} from './names.js';
import { createPrng, hash32, type Prng, weightedPicker } from './prng.js';

/**
 * The synthetic national registry: a deterministic stream of actors (same seed, same rows) spread
 * over the provinces in proportion to their 2024 population, with a known share of duplicates — a
 * second record of the same actor written differently — each labelled for evaluation.
 */
export interface GenerateOptions {
  actors: number;
  seed: number;
  /** Share of the rows that are a second record of an earlier actor (default 0.02). */
  duplicatesShare: number;
  /**
   * Offset of the identifier serials (NIA, ICE, register numbers, CIN digits), so a second batch
   * generated into the same registry with another seed does not collide with the first. Default:
   * (seed mod 10) × 10,000,000, so seeds that differ mod 10 never share an identifier.
   */
  identifierBase?: number;
}

export type DuplicateVariant = 'cross_script' | 'translit' | 'typo' | 'abbrev';

export interface GeneratedActor {
  id: string;
  fields: ActorFields;
  status: 'active' | 'suspended' | 'dissolved';
  statusReason: string | null;
  statusChangedOn: string | null;
  createdAt: string;
  /** The earlier record this one duplicates, and how its name differs; null for an original. */
  duplicateOf: string | null;
  variant: DuplicateVariant | null;
}

/** Kinds in rough national proportions (brief: ~300k artisans, ~225k associations, ~60k cooperatives). */
export const KIND_SHARES: ReadonlyArray<readonly [ActorKind, number]> = [
  ['artisan', 0.47],
  ['master_artisan', 0.03],
  ['association', 0.38],
  ['cooperative', 0.1],
  ['mutual', 0.004],
  ['ess_enterprise', 0.016],
];

/** Provinces and prefectures on the Atlantic or Mediterranean coast (HCP codes). */
export const COASTAL_PROVINCES: ReadonlySet<string> = new Set([
  '01.511', '01.573', '01.571', '01.227', '01.331', '01.051', '01.151',
  '02.381', '02.167', '02.113',
  '04.421', '04.441', '04.501', '04.281',
  '06.141', '06.141.01.00', '06.141.01.20', '06.141.01.30', '06.141.01.50',
  '06.371', '06.181', '06.385', '06.111', '06.467',
  '07.211', '07.431',
  '09.001', '09.273', '09.163', '09.581',
  '10.261', '10.521', '10.473',
  '11.321', '11.121', '11.537',
  '12.391', '12.066',
]); // biome-ignore format: one line per region reads better

/** The generic parts of organisation names and the short forms people write for them. */
const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Coopérative/, 'Coop.'],
  [/^Association/, 'Assoc.'],
  [/^Mutuelle/, 'Mut.'],
  [/ pour le développement/, ' pour le dév.'],
  [/ féminine/, ' fém.'],
  [/ des artisans/, ' des art.'],
  [/ Artisanat/, ' Art.'],
];

interface Province {
  row: TerritoryRow;
  communes: Word[];
  pickCommune: (prng: Prng) => Word;
  cinPrefix: string;
  personCount: number;
}

/** A name as parts, so a duplicate can re-spell, abbreviate or misspell it. */
interface NamePart {
  fr: string;
  ar: string;
  alt: readonly string[];
  /** A proper name (not "Coopérative", "pour le développement"): where typos and re-spellings go. */
  distinctive: boolean;
}

interface Pending {
  due: number;
  actor: GeneratedActor;
  parts: NamePart[];
  hasFr: boolean;
  hasAr: boolean;
}

const fixed = (fr: string, ar: string): NamePart => ({ fr, ar, alt: [], distinctive: false });
const proper = (word: Word): NamePart => ({ fr: word.fr, ar: word.ar, alt: word.alt, distinctive: true });

/** Row i of a run is created at BASE_TIME + i × 30 s: rows can be sampled by position. */
export const GENERATED_BASE_TIME = Date.UTC(2024, 0, 1);
export const GENERATED_STEP_MS = 30_000;
const TODAY_YEAR = 2024;

/** 8 hex digits that every id of one seed starts with: generated rows can be found and replaced. */
export function idPrefix(seed: number): string {
  return hash32(`nasij-generate-${seed}`).toString(16).padStart(8, '0');
}

export function idRange(seed: number): [string, string] {
  const prefix = idPrefix(seed);
  return [`${prefix}-0000-0000-0000-000000000000`, `${prefix}-ffff-ffff-ffff-ffffffffffff`];
}

function makeId(prefix: string, prng: Prng, index: number): string {
  const random = prng.hex8();
  const serial = index.toString(16).padStart(12, '0');
  return `${prefix}-${random.slice(0, 4)}-4${random.slice(4, 7)}-${'89ab'[index % 4]}${random.slice(5, 8)}-${serial}`;
}

/** The provinces an actor can be registered in, by weight; Casablanca counts by its arrondissements. */
export function provinceWeights(
  territories: Iterable<TerritoryRow>,
): Array<{ row: TerritoryRow; weight: number }> {
  const rows = [...territories].filter((t) => t.level !== 'region');
  const parents = new Set(rows.filter((t) => t.level === 'arrondissements').map((t) => t.parent_code));
  return rows
    .filter((t) => !parents.has(t.code))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((row) => ({ row, weight: Math.max(1, row.population_2024 ?? 1) }));
}

function buildProvinces(reference: ActorReference, prng: Prng): Province[] {
  const weights = provinceWeights(reference.territories.values());
  const usedPrefixes = new Set<string>();
  return weights.map(({ row }, index) => {
    const seat: Word = { fr: row.name_fr, ar: row.name_ar, alt: [], weight: 4 };
    const communes: Word[] = [seat];
    if (row.level !== 'arrondissements') {
      const count = Math.min(30, Math.max(2, Math.round((row.population_2024 ?? 0) / 40_000)));
      const start = prng.int(0, PLACES.length - 1);
      const step = 1 + prng.int(0, 6) * 2; // odd, so the walk visits distinct places
      for (let i = 1; i < count; i += 1) {
        const place = PLACES[(start + i * step) % PLACES.length];
        if (place && !communes.includes(place)) communes.push({ ...place, weight: 1 });
      }
    }
    // CIN letters: one or two letters unique to the province, so numbers never collide across provinces.
    let cinPrefix = String.fromCharCode(65 + (index % 26)) + String.fromCharCode(65 + Math.floor(index / 26));
    if (usedPrefixes.has(cinPrefix)) cinPrefix = `${cinPrefix[1]}${cinPrefix[0]}`;
    usedPrefixes.add(cinPrefix);
    return {
      row,
      communes,
      pickCommune: weightedPicker(communes, (c) => c.weight),
      cinPrefix,
      personCount: 0,
    };
  });
}

/** An ICE: 9 digits of entity, 4 of establishment, 2 of control making it divisible by 97 (mostly). */
function makeIce(serial: number, prng: Prng): string {
  const entity = ((serial * 48_271 + 12_345_679) % 1_000_000_000).toString().padStart(9, '0');
  const base = BigInt(`${entity}000${prng.chance(0.9) ? '1' : '2'}`);
  let control = Number((97n - ((base * 100n) % 97n)) % 97n);
  const flagged = prng.chance(0.03);
  if (flagged) control = (control + 1 + prng.int(0, 40)) % 100;
  return `${base.toString().padStart(13, '0')}${control.toString().padStart(2, '0')}`;
}

function isoDate(year: number, prng: Prng): string {
  return `${year}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')}`;
}

/**
 * Sex, birth date and disability of a generated artisan: the sex of the given name drawn for them,
 * an age in 2024 of 18 to 75 (master artisans 30 to 80), peaking in mid-life, and at least 15 when
 * the activity was founded; about 5 % live with a disability.
 */
function personFacts(
  prng: Prng,
  kind: ActorKind,
  woman: boolean,
  foundedOn: string | null,
): Pick<ActorFields, 'sex' | 'birthDate' | 'hasDisability'> {
  const [youngest, oldest] = kind === 'master_artisan' ? [30, 80] : [18, 75];
  const age = youngest + Math.floor(((prng.next() + prng.next()) / 2) * (oldest - youngest + 1));
  let year = TODAY_YEAR - age;
  const founded = foundedOn ? Number(foundedOn.slice(0, 4)) : null;
  if (founded !== null && founded - year < 15) year = founded - 15 - prng.int(0, 20);
  return {
    sex: woman ? 'female' : 'male',
    birthDate: isoDate(year, prng),
    hasDisability: prng.chance(0.05),
  };
}

function phone(prng: Prng): string {
  return `0${prng.chance(0.7) ? '6' : '7'}${String(prng.int(0, 99_999_999)).padStart(8, '0')}`;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const KIND_PICK = weightedPicker(KIND_SHARES, ([, share]) => share);
const MALE_PICK = weightedPicker(MALE_GIVEN, (w) => w.weight);
const FEMALE_PICK = weightedPicker(FEMALE_GIVEN, (w) => w.weight);
const FAMILY_PICK = weightedPicker(FAMILY, (w) => w.weight);
const ORG_PICK = weightedPicker(ORGANISATION_NAMES, (w) => w.weight);

/** Branches weighted as the sector is: textiles, pottery and services first. */
const BRANCH_WEIGHT: Readonly<Record<string, number>> = {
  TEX: 30,
  CER: 8,
  BOIS: 8,
  CUIR: 7,
  METAL: 6,
  BIJOU: 4,
  VEG: 6,
  PIERRE: 3,
  COUTURE: 14,
  SERV: 14,
};

export function* generateActors(
  reference: ActorReference,
  options: GenerateOptions,
): Generator<GeneratedActor> {
  const prng = createPrng(options.seed);
  const prefix = idPrefix(options.seed);
  const provinces = buildProvinces(reference, createPrng(hash32(`provinces-${options.seed}`)));
  const pickProvince = weightedPicker(provinces, (p) => Math.max(1, p.row.population_2024 ?? 1));
  const activities = [...reference.activityBranch.entries()].sort(([a], [b]) => a.localeCompare(b));
  const pickActivity =
    activities.length > 0 ? weightedPicker(activities, ([, branch]) => BRANCH_WEIGHT[branch] ?? 2) : null;
  const idBase = options.identifierBase ?? (options.seed % 10) * 10_000_000;
  const repeatShare = Math.min(0.5, Math.max(0, options.duplicatesShare));
  const markProbability = repeatShare / (1 - repeatShare);
  const pending: Pending[] = [];
  // Person facts draw from their own stream, so adding them left every other generated value as it was.
  const personPrng = createPrng(hash32(`persons-${options.seed}`));

  for (let index = 0; index < options.actors; index += 1) {
    const id = makeId(prefix, prng, index);
    const createdAt = new Date(GENERATED_BASE_TIME + index * GENERATED_STEP_MS).toISOString();
    const remaining = options.actors - index;
    let due = -1;
    for (let i = 0; i < pending.length; i += 1) {
      if ((pending[i]?.due ?? Infinity) <= index || remaining <= pending.length) {
        due = i;
        break;
      }
    }
    if (due >= 0) {
      const [first] = pending.splice(due, 1);
      if (first) {
        yield makeDuplicate(first, id, createdAt, prng);
        continue;
      }
    }
    const made = original(index, id, createdAt);
    if (index > 0 && prng.chance(markProbability) && remaining > pending.length + 1) {
      pending.push({ ...made, due: index + prng.int(1, 5000) });
    }
    yield made.actor;
  }

  function original(
    index: number,
    id: string,
    createdAt: string,
  ): { actor: GeneratedActor; parts: NamePart[]; hasFr: boolean; hasAr: boolean } {
    const province = pickProvince(prng);
    const [kind] = KIND_PICK(prng);
    const serial = idBase + index + 1;
    const fields: ActorFields = {
      kind,
      nameFr: null,
      nameAr: null,
      nia: null,
      cin: null,
      ice: null,
      rcNumber: null,
      rcCourt: null,
      ifNumber: null,
      coopRegisterNumber: null,
      associationReceipt: null,
      provinceCode: province.row.code,
      commune: null,
      address: null,
      latitude: null,
      longitude: null,
      branchCode: null,
      activityCode: null,
      foundedOn: null,
      legalStatus: null,
      membersWomen: null,
      membersMen: null,
      membersYouth: null,
      membersDisabled: null,
      membersElderly: null,
      employeesWomen: null,
      employeesMen: null,
      employeesYouth: null,
      employeesDisabled: null,
      employeesElderly: null,
      womenLed: false,
      coastal: COASTAL_PROVINCES.has(province.row.code),
      sex: null,
      birthDate: null,
      hasDisability: null,
      phone: null,
      email: null,
    };
    const commune = province.pickCommune(prng);
    fields.commune = commune.fr;
    const person = kind === 'artisan' || kind === 'master_artisan';
    const activity = pickActivity?.(prng) ?? null;
    const regionCode = province.row.code.slice(0, 2);
    let parts: NamePart[];
    if (person) {
      const woman = prng.chance(kind === 'master_artisan' ? 0.3 : 0.45);
      parts = [proper((woman ? FEMALE_PICK : MALE_PICK)(prng)), proper(FAMILY_PICK(prng))];
      fields.womenLed = woman;
      if (activity && prng.chance(0.9)) fields.activityCode = activity[0];
      fields.foundedOn = prng.chance(0.7) ? isoDate(prng.int(1975, TODAY_YEAR), prng) : null;
      if (prng.chance(0.7)) fields.nia = `${regionCode}${String(serial).padStart(8, '0')}`;
      if (prng.chance(0.88)) {
        province.personCount += 1;
        const digits = (province.personCount + Math.floor(idBase / 100)) % 1_000_000;
        const scrambled = (digits * 7_919 + 104_729) % 1_000_000;
        fields.cin = `${province.cinPrefix}${String(scrambled).padStart(6, '0')}`;
      }
      const employees = prng.chance(0.6) ? 0 : prng.int(1, 5);
      if (employees > 0 || prng.chance(0.5)) {
        fields.employeesWomen = woman ? prng.int(0, employees) : prng.int(0, Math.floor(employees / 2));
        fields.employeesMen = employees - fields.employeesWomen;
        fields.employeesYouth = prng.int(0, employees);
      }
      if (prng.chance(0.6)) fields.phone = phone(prng);
      Object.assign(fields, personFacts(personPrng, kind, woman, fields.foundedOn));
    } else {
      const name = ORG_PICK(prng);
      const place = prng.chance(0.45) ? commune : null;
      const withPlace = (list: NamePart[]) => (place ? [...list, proper(place)] : list);
      const members =
        kind === 'ess_enterprise' ? 0 : prng.int(7, 40) + (prng.chance(0.2) ? prng.int(0, 200) : 0);
      let womenOnly = false;
      if (kind === 'cooperative') {
        womenOnly = prng.chance(0.13);
        const craft = activity && prng.chance(0.55);
        if (craft) fields.activityCode = activity[0];
        const phrase = craft
          ? prng.pick(ACTIVITY_PHRASES[activity[1]] ?? [['artisanale', 'للصناعة التقليدية']])
          : prng.chance(0.6)
            ? prng.pick(PRODUCT_PHRASES)
            : null;
        parts = withPlace([
          fixed('Coopérative', 'تعاونية'),
          ...(womenOnly ? [fixed('féminine', '')] : []),
          proper(name),
          ...(womenOnly ? [fixed('', 'النسوية')] : []),
          ...(phrase ? [fixed(phrase[0], phrase[1])] : []),
        ]);
        fields.coopRegisterNumber = `${regionCode}C${String(serial).padStart(8, '0')}`;
        if (prng.chance(0.55)) fields.ice = makeIce(serial, prng);
        fields.legalStatus = 'Coopérative (loi 112-12)';
        fields.foundedOn = isoDate(prng.int(1985, TODAY_YEAR), prng);
      } else if (kind === 'association') {
        const purpose = prng.pick(ASSOCIATION_PURPOSES);
        if (activity && prng.chance(0.35)) fields.activityCode = activity[0];
        parts = withPlace([fixed('Association', 'جمعية'), proper(name), fixed(purpose[0], purpose[1])]);
        if (prng.chance(0.8)) fields.associationReceipt = `R${String(serial).padStart(9, '0')}`;
        fields.legalStatus = 'Association (dahir de 1958)';
        fields.foundedOn = isoDate(prng.int(1965, TODAY_YEAR), prng);
        womenOnly = purpose[0].includes('femme');
      } else if (kind === 'mutual') {
        parts = withPlace([
          fixed('Mutuelle', 'تعاضدية'),
          proper(name),
          fixed('des artisans', 'للصناع التقليديين'),
        ]);
        fields.legalStatus = 'Mutuelle';
        fields.foundedOn = isoDate(prng.int(1990, TODAY_YEAR), prng);
      } else {
        if (activity) fields.activityCode = activity[0];
        parts = withPlace([proper(name), fixed('Artisanat', 'للصناعة التقليدية')]);
        parts.unshift(fixed('', 'شركة'));
        parts.push(fixed('SARL', ''));
        fields.ice = makeIce(serial, prng);
        fields.rcNumber = String(10_000 + serial);
        fields.rcCourt = `Tribunal de commerce de ${province.communes[0]?.fr ?? province.row.name_fr}`;
        fields.ifNumber = String(40_000_000 + serial);
        fields.legalStatus = 'SARL';
        fields.foundedOn = isoDate(prng.int(2000, TODAY_YEAR), prng);
        const employees = prng.int(1, 30);
        fields.employeesWomen = prng.int(0, employees);
        fields.employeesMen = employees - fields.employeesWomen;
        fields.employeesYouth = prng.int(0, employees);
        fields.employeesDisabled = prng.chance(0.2) ? prng.int(0, 2) : 0;
      }
      if (members > 0) {
        const women = womenOnly ? members : Math.round(members * (0.15 + prng.next() * 0.4));
        fields.membersWomen = women;
        fields.membersMen = members - women;
        fields.membersYouth = prng.int(0, Math.floor(members / 2));
        fields.membersDisabled = prng.chance(0.3) ? prng.int(0, 3) : 0;
        fields.membersElderly = prng.int(0, Math.floor(members / 4));
      }
      fields.womenLed = womenOnly || prng.chance(0.25);
      if (prng.chance(0.7)) fields.phone = phone(prng);
      if (prng.chance(0.2)) fields.email = `${slug(name.fr)}.${serial.toString(36)}@exemple.ma`;
    }
    const scripts = prng.next();
    // Both scripts 80%, Latin only 12%, Arabic only 8%.
    const hasFr = scripts < 0.92;
    const hasAr = scripts < 0.8 || scripts >= 0.92;
    fields.nameFr = hasFr ? joinName(parts, 'fr') : null;
    fields.nameAr = hasAr ? joinName(parts, 'ar') : null;
    const statusDraw = prng.next();
    const status = statusDraw < 0.93 ? 'active' : statusDraw < 0.97 ? 'suspended' : 'dissolved';
    const actor: GeneratedActor = {
      id,
      fields,
      status,
      statusReason:
        status === 'active'
          ? null
          : status === 'suspended'
            ? 'Activité suspendue (déclaration)'
            : "Dissolution votée par l'assemblée générale",
      statusChangedOn: status === 'active' ? null : isoDate(prng.int(2015, TODAY_YEAR), prng),
      createdAt,
      duplicateOf: null,
      variant: null,
    };
    return { actor, parts, hasFr, hasAr };
  }

  function makeDuplicate(source: Pending, id: string, createdAt: string, random: Prng): GeneratedActor {
    const o = source.actor.fields;
    const province = provinces.find((p) => p.row.code === o.provinceCode);
    const fields: ActorFields = {
      ...o,
      // A second record made by another office: without the first one's registered numbers.
      nia: null,
      cin: null,
      ice: null,
      rcNumber: null,
      rcCourt: null,
      ifNumber: null,
      coopRegisterNumber: null,
      associationReceipt: null,
      email: null,
      phone: null,
      foundedOn: null,
      commune: null,
    };
    // Corroboration: at least one of commune, founding year, phone agrees with the first record.
    const sameCommune = random.chance(0.7);
    const sameYear = o.foundedOn !== null && random.chance(0.55);
    const samePhone = o.phone !== null && random.chance(0.35);
    fields.commune =
      sameCommune || (!sameYear && !samePhone) ? o.commune : (province?.pickCommune(random).fr ?? null);
    if (sameYear && o.foundedOn) fields.foundedOn = `${o.foundedOn.slice(0, 4)}-01-01`;
    if (samePhone && o.phone) fields.phone = random.chance(0.5) ? `+212${o.phone.slice(1)}` : o.phone;
    if (random.chance(0.1)) {
      fields.activityCode = null;
      fields.branchCode = null;
    }
    // Persons' names have nothing to abbreviate: their second records differ by script, spelling or typo.
    const person = o.kind === 'artisan' || o.kind === 'master_artisan';
    const draw = random.next() * (person ? 0.8 : 1);
    const variant: DuplicateVariant =
      draw < 0.3 ? 'cross_script' : draw < 0.55 ? 'translit' : draw < 0.8 ? 'typo' : 'abbrev';
    const { parts, hasFr, hasAr } = source;
    const fr = joinName(parts, 'fr');
    const ar = joinName(parts, 'ar');
    if (variant === 'cross_script') {
      // The same actor written in the other script only.
      if (hasFr && (!hasAr || random.chance(0.5))) {
        fields.nameFr = null;
        fields.nameAr = ar;
      } else {
        fields.nameAr = null;
        fields.nameFr = joinName(respell(parts, random), 'fr');
      }
    } else if (variant === 'translit') {
      fields.nameFr = joinName(respell(parts, random), 'fr');
      fields.nameAr = hasAr && random.chance(0.4) ? ar : null;
    } else if (variant === 'typo') {
      if (hasFr) {
        fields.nameFr = misspell(parts, 'fr', random);
        fields.nameAr = hasAr && random.chance(0.5) ? ar : null;
      } else {
        fields.nameAr = misspell(parts, 'ar', random);
      }
    } else {
      let short = hasFr ? fr : joinName(respell(parts, random), 'fr');
      for (const [pattern, replacement] of ABBREVIATIONS) short = short.replace(pattern, replacement);
      fields.nameFr = random.chance(0.3) ? short.toUpperCase() : short;
      fields.nameAr = hasAr && random.chance(0.3) ? ar : null;
    }
    if (o.membersWomen !== null && o.membersMen !== null) {
      fields.membersWomen = o.membersWomen + random.int(0, 2);
      fields.membersMen = o.membersMen;
    }
    return {
      id,
      fields,
      status: 'active',
      statusReason: null,
      statusChangedOn: null,
      createdAt,
      duplicateOf: source.actor.id,
      variant,
    };
  }
}

function joinName(parts: readonly NamePart[], script: 'fr' | 'ar'): string {
  return parts
    .map((part) => part[script])
    .filter(Boolean)
    .join(' ');
}

/** Another Latin spelling of each proper name that has one (at least one part changes). */
function respell(parts: readonly NamePart[], prng: Prng): NamePart[] {
  return parts.map((part) =>
    part.distinctive && part.alt.length > 0 ? { ...part, fr: prng.pick(part.alt) } : part,
  );
}

/** One slip of the keyboard in a proper name: a letter dropped, doubled, swapped or replaced. */
function misspell(parts: readonly NamePart[], script: 'fr' | 'ar', prng: Prng): string {
  const candidates = parts
    .map((part, index) => ({ part, index }))
    .filter(({ part }) => part.distinctive && [...part[script]].length >= 4);
  const chosen = candidates.length > 0 ? prng.pick(candidates) : null;
  if (!chosen) return joinName(parts, script);
  const letters = [...chosen.part[script]];
  const at = prng.int(1, letters.length - 2);
  const kind = prng.int(0, 3);
  const alphabet = script === 'fr' ? 'aeioulnrstmk' : 'اوينرسلمتك';
  if (kind === 0) letters.splice(at, 1);
  else if (kind === 1) letters.splice(at, 0, letters[at] ?? '');
  else if (kind === 2) [letters[at], letters[at + 1]] = [letters[at + 1] ?? '', letters[at] ?? ''];
  else letters[at] = prng.pick([...alphabet]);
  const changed = parts.map((part, index) =>
    index === chosen.index ? { ...part, [script]: letters.join('') } : part,
  );
  return joinName(changed, script);
}
