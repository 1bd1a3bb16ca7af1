import type { Disaggregation, IndicatorAggregation, IndicatorUnit } from '../../db/database.js';

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
