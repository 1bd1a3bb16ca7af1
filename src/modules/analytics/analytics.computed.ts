import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Disaggregation, IndicatorAggregation, IndicatorUnit } from '../../db/database.js';
import { type Context, systemContext } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';

/**
 * Computed indicators: defined once here, written into `indicators` (source 'computed') at start,
 * and their facts recomputed from the registry by the refresh, never typed in. Each is a monthly
 * stock snapshot by province: the value at the end of each month, from the month the first actor
 * counts to the current month.
 *
 * An actor counts from the month of its `created_at` while it is live: not merged into another
 * record, and active; a suspended or dissolved actor stops counting in the month of its
 * `status_changed_on` (the registry keeps only the current status, so an actor reactivated later
 * counts again from its creation: the history is as good as the registry's dates).
 */
export interface ComputedIndicator {
  /** The stable key stored in `indicators.computed_key`. */
  key: string;
  code: string;
  nameFr: string;
  nameAr: string;
  nameEn: string;
  descriptionFr: string;
  unit: IndicatorUnit;
  aggregation: Extract<IndicatorAggregation, 'sum' | 'ratio'>;
  disaggregations: Disaggregation[];
  axisCode: string | null;
  /**
   * What each live actor `a` contributes: a SELECT list over `actors a` giving `sex, age_band,
   * disability, coastal, value, numerator, denominator` (text 'all' where not broken down), and the
   * WHERE that selects the actors. An actor may contribute several rows (`unnest`), e.g. its women
   * and its men members.
   */
  contributes: { from: string; where: string };
  /**
   * What `a` ranges over when not the registry's live actors: a SELECT giving the actor's columns
   * plus `from_month` and `to_month` (NULL while it still counts), e.g. one row per programme
   * benefit joined to its beneficiary (see `benefitsLive`).
   */
  live?: string;
}

const coastal = `CASE WHEN a.coastal THEN 'yes' ELSE 'no' END`;
/** The dimensions a contribution does not break down by. */
const notPerson = `'all' AS age_band, 'all' AS disability`;
const count = (where: string, byCoastal = true) => ({
  from: `SELECT 'all' AS sex, ${notPerson}, ${byCoastal ? coastal : `'all'`} AS coastal, 1::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator`,
  where,
});

/**
 * Programme benefits (src/modules/programmes): one row per benefit that was granted, joined to its
 * beneficiary actor (its province, coastal zone, women-led flag, person facts) and carrying the
 * benefit's amount, quantity, unit and date. A benefit counts from the month it was granted while
 * granted or delivered; a withdrawn or cancelled one stops counting in the month of its last change.
 */
const benefitsLive = `SELECT a.*, b.amount_centimes AS benefit_centimes, b.quantity AS benefit_quantity,
    b.unit AS benefit_unit, (b.granted_at AT TIME ZONE 'UTC')::date AS benefit_on,
    date_trunc('month', b.granted_at AT TIME ZONE 'UTC')::date AS from_month,
    CASE WHEN b.status IN ('withdrawn', 'cancelled')
      THEN date_trunc('month', b.updated_at AT TIME ZONE 'UTC')::date END AS to_month
  FROM benefits b JOIN actors a ON a.id = b.actor_id`;
/**
 * The beneficiary person's facts at the benefit date: sex, age band (the bands of reported
 * indicators: youth under 35, adult 35 to 59, elderly 60 and over, as the registry counts members)
 * and disability. 'all' where the registry does not know, and always for an organisation (the
 * registry holds person facts for artisans only): such a benefit counts in the total, never in
 * that breakdown, so female + male never exceeds the total and nothing is guessed.
 */
const personSex = `coalesce(a.sex, 'all')`;
const ageBand = `CASE WHEN a.birth_date IS NULL THEN 'all'
    WHEN a.birth_date > a.benefit_on - interval '35 years' THEN 'youth'
    WHEN a.birth_date > a.benefit_on - interval '60 years' THEN 'adult' ELSE 'elderly' END`;
const disability = `CASE a.has_disability WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'all' END`;
const benefitSum = (value: string, where: string, bySex = true) => ({
  from: `SELECT ${bySex ? personSex : `'all'`} AS sex, ${ageBand} AS age_band, ${disability} AS disability,
    ${coastal} AS coastal, (${value})::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator`,
  where,
});
/** Beneficiary breakdowns: the person facts and the coastal zone, in the order reports list them. */
const BENEFIT_DIMENSIONS: Disaggregation[] = ['sex', 'age_band', 'disability', 'coastal'];
const PERSONS_NOTE =
  ' Ventilés par sexe, tranche d’âge (à la date de l’avantage : moins de 35 ans, 35 à 59 ans, 60 ans et plus) et situation de handicap des artisans bénéficiaires, d’après le registre ; les organisations bénéficiaires et les personnes dont le registre ignore la donnée ne comptent que dans le total.';
const material = (
  unit: 'kg' | 'm3' | 'tonnes',
  programmeUnit: string,
  code: string,
  fr: string,
  ar: string,
  en: string,
) =>
  ({
    key: `programmes.material_${unit}`,
    code,
    nameFr: fr,
    nameAr: ar,
    nameEn: en,
    descriptionFr: `Quantités de matière première allouées par les programmes (${unit}), avantages en cours, cumulées par province du bénéficiaire ; par zone côtière.${PERSONS_NOTE}`,
    unit,
    aggregation: 'sum',
    disaggregations: BENEFIT_DIMENSIONS,
    axisCode: null,
    contributes: benefitSum('a.benefit_quantity', `a.benefit_unit = '${programmeUnit}'`),
    live: benefitsLive,
  }) satisfies ComputedIndicator;

export const COMPUTED_INDICATORS: ComputedIndicator[] = [
  {
    key: 'registry.actors',
    code: 'REG_ACTORS',
    nameFr: 'Acteurs enregistrés',
    nameAr: 'الفاعلون المسجلون',
    nameEn: 'Registered actors',
    descriptionFr:
      'Acteurs actifs du registre (tous types) en fin de mois, par province ; ventilés par zone côtière.',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: null,
    contributes: count('true'),
  },
  {
    key: 'registry.artisans',
    code: 'REG_ARTISANS',
    nameFr: 'Artisans enregistrés',
    nameAr: 'الصناع التقليديون المسجلون',
    nameEn: 'Registered artisans',
    descriptionFr: 'Artisans et maîtres artisans actifs du registre en fin de mois.',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: null,
    contributes: count(`a.kind IN ('artisan', 'master_artisan')`),
  },
  {
    key: 'registry.cooperatives',
    code: 'REG_COOPERATIVES',
    nameFr: 'Coopératives enregistrées',
    nameAr: 'التعاونيات المسجلة',
    nameEn: 'Registered cooperatives',
    descriptionFr: 'Coopératives actives du registre en fin de mois.',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: null,
    contributes: count(`a.kind = 'cooperative'`),
  },
  {
    key: 'registry.associations',
    code: 'REG_ASSOCIATIONS',
    nameFr: 'Associations enregistrées',
    nameAr: 'الجمعيات المسجلة',
    nameEn: 'Registered associations',
    descriptionFr: 'Associations actives du registre en fin de mois.',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: null,
    contributes: count(`a.kind = 'association'`),
  },
  {
    key: 'registry.ess_enterprises',
    code: 'REG_ESS_ENTERPRISES',
    nameFr: "Mutuelles et entreprises de l'ESS enregistrées",
    nameAr: 'التعاضديات ومقاولات الاقتصاد الاجتماعي والتضامني المسجلة',
    nameEn: 'Registered mutuals and ESS enterprises',
    descriptionFr: "Mutuelles et entreprises de l'ESS actives du registre en fin de mois.",
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: null,
    contributes: count(`a.kind IN ('mutual', 'ess_enterprise')`),
  },
  {
    key: 'registry.actors_coastal',
    code: 'REG_ACTORS_COASTAL',
    nameFr: 'Acteurs en zone côtière',
    nameAr: 'الفاعلون في المناطق الساحلية',
    nameEn: 'Actors in coastal zones',
    descriptionFr: 'Acteurs actifs du registre situés en zone côtière, en fin de mois.',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: [],
    axisCode: 'COASTAL',
    contributes: count('a.coastal', false),
  },
  {
    key: 'registry.cooperative_members',
    code: 'REG_COOP_MEMBERS',
    nameFr: 'Membres des coopératives',
    nameAr: 'أعضاء التعاونيات',
    nameEn: 'Members of cooperatives',
    descriptionFr:
      'Membres des coopératives actives, ventilés par sexe (déclarés au registre : femmes et hommes).',
    unit: 'persons',
    aggregation: 'sum',
    disaggregations: ['sex'],
    axisCode: null,
    contributes: {
      from: `SELECT m.sex, ${notPerson}, 'all' AS coastal, m.value::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator
        FROM unnest(ARRAY['female', 'male'], ARRAY[a.members_women, a.members_men]) AS m(sex, value)`,
      where: `a.kind = 'cooperative' AND (a.members_women IS NOT NULL OR a.members_men IS NOT NULL)`,
    },
  },
  {
    key: 'registry.cooperative_women_members',
    code: 'REG_COOP_WOMEN_MEMBERS',
    nameFr: 'Femmes membres des coopératives',
    nameAr: 'النساء الأعضاء في التعاونيات',
    nameEn: 'Women members of cooperatives',
    descriptionFr: 'Femmes membres des coopératives actives (déclarées au registre).',
    unit: 'persons',
    aggregation: 'sum',
    disaggregations: [],
    axisCode: 'WOMEN',
    contributes: {
      from: `SELECT 'all' AS sex, ${notPerson}, 'all' AS coastal, a.members_women::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator`,
      where: `a.kind = 'cooperative' AND a.members_women IS NOT NULL`,
    },
  },
  {
    key: 'registry.women_led_cooperatives',
    code: 'REG_WOMEN_LED_COOPS',
    nameFr: 'Coopératives dirigées par des femmes',
    nameAr: 'التعاونيات التي تسيرها نساء',
    nameEn: 'Women-led cooperatives',
    descriptionFr: 'Coopératives actives dirigées par des femmes, en fin de mois.',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: 'WOMEN',
    contributes: count(`a.kind = 'cooperative' AND a.women_led`),
  },
  {
    key: 'registry.women_led_cooperatives_share',
    code: 'REG_WOMEN_LED_COOPS_SHARE',
    nameFr: 'Part des coopératives dirigées par des femmes',
    nameAr: 'نسبة التعاونيات التي تسيرها نساء',
    nameEn: 'Share of cooperatives led by women',
    descriptionFr: 'Coopératives dirigées par des femmes sur l’ensemble des coopératives actives (%).',
    unit: 'percent',
    aggregation: 'ratio',
    disaggregations: ['coastal'],
    axisCode: 'WOMEN',
    contributes: {
      from: `SELECT 'all' AS sex, ${notPerson}, ${coastal} AS coastal, NULL::numeric AS value,
        (CASE WHEN a.women_led THEN 1 ELSE 0 END)::numeric AS numerator, 1::numeric AS denominator`,
      where: `a.kind = 'cooperative'`,
    },
  },
  {
    key: 'programmes.beneficiaries',
    code: 'PRG_BENEFICIARIES',
    nameFr: 'Bénéficiaires des programmes d’appui',
    nameAr: 'المستفيدون من برامج الدعم',
    nameEn: 'Support programme beneficiaries',
    descriptionFr: `Avantages en cours (accordés ou livrés, ni retirés ni annulés) des programmes d’appui, par province du bénéficiaire, en fin de mois ; un acteur bénéficiaire de deux programmes compte deux fois. Par zone côtière.${PERSONS_NOTE}`,
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: BENEFIT_DIMENSIONS,
    axisCode: null,
    contributes: benefitSum('1', 'true'),
    live: benefitsLive,
  },
  {
    key: 'programmes.beneficiaries_women_led',
    code: 'PRG_BENEFICIARIES_WOMEN_LED',
    nameFr: 'Bénéficiaires des programmes dirigés par des femmes',
    nameAr: 'المستفيدون من البرامج الذين تسيرهم نساء',
    nameEn: 'Women-led programme beneficiaries',
    descriptionFr:
      'Avantages en cours des programmes d’appui dont le bénéficiaire est dirigé par une femme (indicateur « dirigé par une femme » du registre ; pour une artisane, elle-même). Par zone côtière, tranche d’âge et situation de handicap des artisanes bénéficiaires (les organisations ne comptent que dans le total).',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['age_band', 'disability', 'coastal'],
    axisCode: 'WOMEN',
    contributes: benefitSum('1', 'a.women_led', false),
    live: benefitsLive,
  },
  {
    key: 'programmes.beneficiary_organisation_members',
    code: 'PRG_BENEFICIARY_ORG_MEMBERS',
    nameFr: 'Membres des organisations bénéficiaires',
    nameAr: 'أعضاء الهيئات المستفيدة',
    nameEn: 'Members of beneficiary organisations',
    descriptionFr:
      'Membres (femmes et hommes déclarés au registre, effectifs actuels) des coopératives, associations, mutuelles et entreprises de l’ESS bénéficiaires d’avantages en cours des programmes d’appui, par province, en fin de mois ; ventilés par sexe. Une organisation bénéficiaire de deux programmes compte ses membres deux fois.',
    unit: 'persons',
    aggregation: 'sum',
    disaggregations: ['sex'],
    axisCode: null,
    contributes: {
      from: `SELECT m.sex, ${notPerson}, 'all' AS coastal, m.value::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator
        FROM unnest(ARRAY['female', 'male'], ARRAY[a.members_women, a.members_men]) AS m(sex, value)
        WHERE m.value IS NOT NULL`,
      where: `a.kind NOT IN ('artisan', 'master_artisan') AND (a.members_women IS NOT NULL OR a.members_men IS NOT NULL)`,
    },
    live: benefitsLive,
  },
  {
    key: 'programmes.amounts_granted',
    code: 'PRG_AMOUNTS_GRANTED',
    nameFr: 'Montants accordés par les programmes d’appui',
    nameAr: 'المبالغ الممنوحة من برامج الدعم',
    nameEn: 'Amounts granted by support programmes',
    descriptionFr: `Montants (MAD) des avantages en cours des programmes d’appui, cumulés depuis leur octroi, par province du bénéficiaire, en fin de mois ; par zone côtière.${PERSONS_NOTE}`,
    unit: 'mad',
    aggregation: 'sum',
    disaggregations: BENEFIT_DIMENSIONS,
    axisCode: null,
    contributes: benefitSum('a.benefit_centimes', 'a.benefit_centimes IS NOT NULL'),
    live: benefitsLive,
  },
  material(
    'kg',
    'kg',
    'PRG_MATERIAL_KG',
    'Matière première allouée (kg)',
    'المواد الأولية المخصصة (كلغ)',
    'Raw material allocated (kg)',
  ),
  material(
    'm3',
    'm3',
    'PRG_MATERIAL_M3',
    'Matière première allouée (m³)',
    'المواد الأولية المخصصة (م³)',
    'Raw material allocated (m³)',
  ),
  material(
    'tonnes',
    't',
    'PRG_MATERIAL_TONNES',
    'Matière première allouée (tonnes)',
    'المواد الأولية المخصصة (طن)',
    'Raw material allocated (tonnes)',
  ),
];

interface StoredDefinition {
  id: string;
  code: string;
  name_fr: string;
  name_ar: string;
  name_en: string;
  description_fr: string | null;
  unit: string;
  aggregation: string;
  temporal: string;
  disaggregations: string[];
  axis_code: string | null;
  computed_key: string | null;
  source: string;
}

function definitionRow(indicator: ComputedIndicator) {
  return {
    code: indicator.code,
    name_fr: indicator.nameFr,
    name_ar: indicator.nameAr,
    name_en: indicator.nameEn,
    description_fr: indicator.descriptionFr,
    unit: indicator.unit,
    aggregation: indicator.aggregation,
    temporal: 'stock',
    disaggregations: indicator.disaggregations,
    axis_code: indicator.axisCode,
  };
}

export interface EnsureComputedResult {
  created: string[];
  updated: string[];
  /** Codes held by an indicator that is not this computation: left alone, reported here. */
  conflicts: string[];
}

/**
 * Writes the computed indicators' definitions into `indicators` (created or brought up to date,
 * each change audited); run at every start. Idempotent: nothing is written when nothing changed.
 */
export async function ensureComputedIndicators(
  db: Kysely<Database>,
  ctx: Context = systemContext('system:analytics'),
): Promise<EnsureComputedResult> {
  return db.transaction().execute(async (trx) => {
    const result: EnsureComputedResult = { created: [], updated: [], conflicts: [] };
    for (const indicator of COMPUTED_INDICATORS) {
      const wanted = definitionRow(indicator);
      const stored =
        await sql<StoredDefinition>`SELECT id, code, name_fr, name_ar, name_en, description_fr, unit,
          aggregation, temporal, disaggregations, axis_code, computed_key, source
        FROM indicators WHERE computed_key = ${indicator.key} OR code = ${indicator.code}
        ORDER BY (computed_key IS NULL)`.execute(trx);
      const current = stored.rows[0];
      if (current && current.computed_key !== indicator.key) {
        result.conflicts.push(indicator.code);
        continue;
      }
      const disaggregations = sql`${`{${indicator.disaggregations.join(',')}}`}::text[]`;
      if (!current) {
        const inserted = await sql<{ id: string }>`INSERT INTO indicators (code, name_fr, name_ar, name_en,
            description_fr, unit, aggregation, temporal, disaggregations, source, computed_key, axis_code)
          VALUES (${wanted.code}, ${wanted.name_fr}, ${wanted.name_ar}, ${wanted.name_en}, ${wanted.description_fr},
            ${wanted.unit}, ${wanted.aggregation}, 'stock', ${disaggregations}, 'computed', ${indicator.key}, ${wanted.axis_code})
          RETURNING id`.execute(trx);
        await audit(trx, ctx, 'indicator.created', inserted.rows[0]?.id ?? '', null, wanted);
        result.created.push(indicator.code);
        continue;
      }
      const before = {
        code: current.code,
        name_fr: current.name_fr,
        name_ar: current.name_ar,
        name_en: current.name_en,
        description_fr: current.description_fr,
        unit: current.unit,
        aggregation: current.aggregation,
        temporal: current.temporal,
        disaggregations: current.disaggregations,
        axis_code: current.axis_code,
      };
      if (JSON.stringify(before) === JSON.stringify(wanted)) continue;
      await sql`UPDATE indicators SET code = ${wanted.code}, name_fr = ${wanted.name_fr}, name_ar = ${wanted.name_ar},
          name_en = ${wanted.name_en}, description_fr = ${wanted.description_fr}, unit = ${wanted.unit},
          aggregation = ${wanted.aggregation}, temporal = 'stock', disaggregations = ${disaggregations},
          axis_code = ${wanted.axis_code}, version = version + 1, updated_at = now()
        WHERE id = ${current.id}`.execute(trx);
      // A changed definition changes every fact: recompute them all.
      await sql`DELETE FROM indicator_facts WHERE indicator_id = ${current.id}`.execute(trx);
      await audit(trx, ctx, 'indicator.updated', current.id, before, wanted);
      result.updated.push(indicator.code);
    }
    if (result.updated.length > 0)
      await sql`INSERT INTO analytics_source_changes (source) VALUES ('definitions')`.execute(trx);
    return result;
  });
}

async function audit(
  trx: Transaction<Database>,
  ctx: Context,
  action: string,
  entityId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Promise<void> {
  await recordAudit(trx, ctx, { action, entityType: 'indicator', entityId, before, after });
}

/** The disaggregation columns a computed fact fills (area is never known from the registry). */
const CELL_COLUMNS = ['sex', 'age_band', 'disability', 'coastal'];
const CELL = CELL_COLUMNS.join(', ');
const cellOf = (alias: string) => CELL_COLUMNS.map((column) => `${alias}.${column}`).join(', ');

/** The monthly snapshots one computed indicator should have, as (territory, month, cell, value...). */
function snapshotSql(indicator: ComputedIndicator): string {
  const ratio = indicator.aggregation === 'ratio';
  const live =
    indicator.live ??
    `SELECT a.*, date_trunc('month', a.created_at AT TIME ZONE 'UTC')::date AS from_month,
        CASE WHEN a.status <> 'active'
          THEN date_trunc('month', coalesce(a.status_changed_on, (a.created_at AT TIME ZONE 'UTC')::date)::timestamp)::date
        END AS to_month
      FROM actors a WHERE a.merged_into IS NULL`;
  return `WITH live AS (
      ${live}
    ), contribution AS (
      SELECT a.province_code AS territory_code, a.from_month, a.to_month, c.*
      FROM live a CROSS JOIN LATERAL (${indicator.contributes.from}) c
      WHERE (${indicator.contributes.where}) AND (a.to_month IS NULL OR a.to_month > a.from_month)
    ), deltas AS (
      SELECT territory_code, ${CELL}, from_month AS month, value, numerator, denominator FROM contribution
      UNION ALL
      SELECT territory_code, ${CELL}, to_month, -value, -numerator, -denominator FROM contribution WHERE to_month IS NOT NULL
    ), monthly AS (
      SELECT territory_code, ${CELL}, month, sum(value) AS value, sum(numerator) AS numerator, sum(denominator) AS denominator
      FROM deltas GROUP BY territory_code, ${CELL}, month
    ), cells AS (
      SELECT territory_code, ${CELL}, min(month) AS first_month FROM monthly GROUP BY territory_code, ${CELL}
    ), grid AS (
      SELECT c.territory_code, ${cellOf('c')}, m::date AS month
      FROM cells c CROSS JOIN LATERAL generate_series(c.first_month::timestamp,
        date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') m
    )
    SELECT g.territory_code, g.month AS period_start, ${cellOf('g')},
      ${ratio ? 'NULL::numeric' : 'coalesce(sum(m.value) OVER w, 0)'} AS value,
      ${ratio ? 'coalesce(sum(m.numerator) OVER w, 0)' : 'NULL::numeric'} AS numerator,
      ${ratio ? 'coalesce(sum(m.denominator) OVER w, 0)' : 'NULL::numeric'} AS denominator
    FROM grid g LEFT JOIN monthly m USING (territory_code, ${CELL}, month)
    WINDOW w AS (PARTITION BY g.territory_code, ${cellOf('g')} ORDER BY g.month)`;
}

export interface ComputedRefreshResult {
  ran: boolean;
  /** Facts deleted and inserted (rows that changed). */
  deleted: number;
  inserted: number;
  milliseconds: number;
}

/**
 * Recomputes the computed indicators' facts when the registry changed since the last time (or a
 * new month began, which needs its snapshot), writing only the facts that changed so the analytics
 * refresh after it touches only those. `force` recomputes regardless.
 */
export async function refreshComputedFacts(
  db: Kysely<Database>,
  options: { force?: boolean } = {},
): Promise<ComputedRefreshResult> {
  const started = performance.now();
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(74342161)`.execute(trx);
    const state = await sql<{ due: boolean; last: number | null }>`SELECT
        (computed_at IS NULL OR date_trunc('month', computed_at AT TIME ZONE 'UTC') < date_trunc('month', now() AT TIME ZONE 'UTC')
          OR EXISTS (SELECT 1 FROM analytics_source_changes)) AS due,
        (SELECT max(id) FROM analytics_source_changes) AS last
      FROM analytics_state`.execute(trx);
    const row = state.rows[0];
    if (!options.force && !row?.due)
      return { ran: false, deleted: 0, inserted: 0, milliseconds: performance.now() - started };
    let deleted = 0;
    let inserted = 0;
    const ids = await sql<{ id: string; computed_key: string }>`SELECT id, computed_key FROM indicators
      WHERE source = 'computed'`.execute(trx);
    const idOf = new Map(ids.rows.map((r) => [r.computed_key, r.id]));
    for (const indicator of COMPUTED_INDICATORS) {
      const id = idOf.get(indicator.key);
      if (!id) continue;
      await sql
        .raw(`CREATE TEMP TABLE analytics_computed ON COMMIT DROP AS ${snapshotSql(indicator)}`)
        .execute(trx);
      const same = `d.territory_code = f.territory_code AND d.period_start = f.period_start AND d.sex = f.sex
        AND d.age_band = f.age_band AND d.disability = f.disability
        AND d.coastal = f.coastal AND d.value IS NOT DISTINCT FROM f.value
        AND d.numerator IS NOT DISTINCT FROM f.numerator AND d.denominator IS NOT DISTINCT FROM f.denominator`;
      const gone = await sql`DELETE FROM indicator_facts f WHERE f.indicator_id = ${id}
        AND NOT EXISTS (SELECT 1 FROM analytics_computed d WHERE ${sql.raw(same)} AND f.period_grain = 'month'
          AND f.area = 'all' AND f.commitment_id IS NULL AND f.report_id IS NULL)`.execute(trx);
      deleted += Number(gone.numAffectedRows ?? 0);
      const added =
        await sql`INSERT INTO indicator_facts (indicator_id, territory_code, period_grain, period_start,
          sex, age_band, disability, coastal, value, numerator, denominator)
        SELECT ${id}, d.territory_code, 'month', d.period_start, d.sex, d.age_band, d.disability, d.coastal,
          d.value, d.numerator, d.denominator
        FROM analytics_computed d
        WHERE NOT EXISTS (SELECT 1 FROM indicator_facts f WHERE f.indicator_id = ${id} AND ${sql.raw(same)})`.execute(
          trx,
        );
      inserted += Number(added.numAffectedRows ?? 0);
      await sql`DROP TABLE analytics_computed`.execute(trx);
    }
    if (row?.last !== null && row?.last !== undefined)
      await sql`DELETE FROM analytics_source_changes WHERE id <= ${row.last}`.execute(trx);
    await sql`UPDATE analytics_state SET computed_at = now()`.execute(trx);
    return { ran: true, deleted, inserted, milliseconds: performance.now() - started };
  });
}
