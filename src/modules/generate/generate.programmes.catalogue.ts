import type { Rule } from '../programmes/eligibility.rules.js';
import type { CriterionType, FormFieldType, ReservedShareType } from '../programmes/programmes.schemas.js';

/**
 * The synthetic programmes of `nasij generate --programmes`: six programmes (one of each kind) run by
 * a fictional partner "exemple", and their calls, written as a manager would have set them up
 * through the API (rules in the eligibility language, a form, a scoring grid, reserved shares,
 * budgets and capacities). Dates are fixed, not taken from the clock, so a seed always gives the
 * same rows: calls of 2025 are decided, the large financing call of 2026 is closed with every
 * eligible application scored (the selection benchmark runs its selection), two calls of 2026 are
 * still open and half evaluated.
 */

export type ProgrammeKind =
  | 'financing'
  | 'training'
  | 'raw_material'
  | 'market_access'
  | 'equipment'
  | 'accompaniment';

export interface ProgrammeSpec {
  key: string;
  kind: ProgrammeKind;
  subkind: string | null;
  titleFr: string;
  titleAr: string;
  titleEn: string;
  /** Regions of a programme with a territorial scope; null = national. */
  territories: string[] | null;
  material: { source: 'forest' | 'agricultural' | 'maritime'; name: string; unit: 'm3' } | null;
  startsOn: string;
  endsOn: string;
}

/** What each applicant asks for, drawn uniformly in the range. */
export interface RequestSpec {
  /** MAD (not centimes), whole. */
  amount?: [number, number];
  seats?: [number, number];
  /** In the programme's unit, one decimal. */
  quantity?: [number, number];
}

export type CallStage = 'decided' | 'closed' | 'open';

export interface CallSpec {
  key: string;
  programme: string;
  stage: CallStage;
  titleFr: string;
  opensAt: string;
  closesAt: string;
  /** When the selection was made (decided calls). */
  decidedAt: string | null;
  /** Share of all generated applications this call receives (weights add up to 100). */
  weight: number;
  /** Share of its applicants that meet its rules (applicants mostly read the rules first). */
  eligibleShare: number;
  /** Open calls: share of eligible applications already scored. */
  scoredShare: number;
  rules: (ids: { programme: (key: string) => string }) => Rule;
  formFields: FormFieldType[];
  scoringGrid: CriterionType[];
  reservedShares: ReservedShareType[];
  evaluatorsPerApplication: number;
  request: RequestSpec;
  /** Budget as a fraction of what the eligible applicants ask in all (null = no budget limit). */
  budgetShare: number | null;
  /** Seats as a fraction of the seats the eligible applicants ask (null = no capacity limit). */
  capacityShare: number | null;
  /** Raw material: the quota period and the fraction of the demand each region's quota covers. */
  quota: { period: string; share: number } | null;
}

export const PROGRAMMES: ProgrammeSpec[] = [
  {
    key: 'FIN',
    kind: 'financing',
    subkind: 'grant',
    titleFr: "Subventions d'investissement aux artisans et coopératives",
    titleAr: 'منح الاستثمار للصناع التقليديين والتعاونيات',
    titleEn: 'Investment grants for artisans and cooperatives',
    territories: null,
    material: null,
    startsOn: '2025-01-01',
    endsOn: '2027-12-31',
  },
  {
    key: 'FORM',
    kind: 'training',
    subkind: null,
    titleFr: 'Formation qualifiante aux métiers du tissage et de la broderie',
    titleAr: 'تكوين تأهيلي في مهن النسيج والطرز',
    titleEn: 'Qualifying training in weaving and embroidery',
    territories: null,
    material: null,
    startsOn: '2025-01-01',
    endsOn: '2027-12-31',
  },
  {
    key: 'MAT',
    kind: 'raw_material',
    subkind: null,
    titleFr: 'Allocation de bois de thuya aux artisans du bois',
    titleAr: 'تخصيص خشب العرعار لحرفيي الخشب',
    titleEn: 'Thuya wood allocation to woodworkers',
    territories: ['07', '09'],
    material: { source: 'forest', name: 'Bois de thuya', unit: 'm3' },
    startsOn: '2025-01-01',
    endsOn: '2026-12-31',
  },
  {
    key: 'SALON',
    kind: 'market_access',
    subkind: 'fair',
    titleFr: "Participation aux salons régionaux de l'économie sociale",
    titleAr: 'المشاركة في المعارض الجهوية للاقتصاد الاجتماعي',
    titleEn: 'Stands at regional social-economy fairs',
    territories: null,
    material: null,
    startsOn: '2025-01-01',
    endsOn: '2026-12-31',
  },
  {
    key: 'EQUIP',
    kind: 'equipment',
    subkind: null,
    titleFr: "Équipement des ateliers d'artisans",
    titleAr: 'تجهيز ورشات الصناع التقليديين',
    titleEn: "Equipment for artisans' workshops",
    territories: null,
    material: null,
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  },
  {
    key: 'ACCOMP',
    kind: 'accompaniment',
    subkind: null,
    titleFr: 'Accompagnement des jeunes coopératives du Nord et du Souss',
    titleAr: 'مواكبة التعاونيات الناشئة في الشمال وسوس',
    titleEn: 'Coaching young cooperatives in the North and the Souss',
    territories: ['01', '09'],
    material: null,
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  },
];

const label = (fr: string, ar: string, en: string) => ({ labelFr: fr, labelAr: ar, labelEn: en });

const PROJECT_FORM: FormFieldType[] = [
  {
    code: 'project_summary',
    type: 'text',
    ...label('Résumé du projet', 'ملخص المشروع', 'Project summary'),
    required: true,
    maxLength: 2000,
  },
  {
    code: 'jobs_created',
    type: 'integer',
    ...label('Emplois créés', 'مناصب الشغل المحدثة', 'Jobs created'),
    required: true,
    min: 0,
    max: 50,
  },
  {
    code: 'sales_channel',
    type: 'choice',
    ...label('Canal de vente principal', 'قناة البيع الرئيسية', 'Main sales channel'),
    options: ['local_market', 'fairs', 'online', 'export'],
  },
];

const MOTIVATION_FORM: FormFieldType[] = [
  {
    code: 'motivation',
    type: 'text',
    ...label('Motivation', 'الحافز', 'Motivation'),
    required: true,
    maxLength: 1000,
  },
  {
    code: 'first_time',
    type: 'boolean',
    ...label('Première participation', 'أول مشاركة', 'First time'),
  },
];

const PROJECT_GRID: CriterionType[] = [
  {
    code: 'project_quality',
    ...label('Qualité du projet', 'جودة المشروع', 'Project quality'),
    weight: 3,
    max: 20,
  },
  {
    code: 'impact',
    ...label('Impact sur l’emploi', 'الأثر على التشغيل', 'Impact on jobs'),
    weight: 2,
    max: 10,
  },
  { code: 'inclusion', ...label('Inclusion', 'الإدماج', 'Inclusion'), weight: 1, max: 5 },
];
const MOTIVATION_GRID: CriterionType[] = [
  { code: 'motivation', ...label('Motivation', 'الحافز', 'Motivation'), weight: 2, max: 10 },
  { code: 'experience', ...label('Expérience', 'الخبرة', 'Experience'), weight: 1, max: 10 },
];

const share = (code: string, minShare: number, rule: Rule, fr: string, ar: string, en: string) => ({
  code,
  ...label(fr, ar, en),
  minShare,
  rule,
});
const WOMEN_LED = share(
  'women_led',
  0.4,
  { field: 'women_led', op: '=', value: true },
  'Dirigés par une femme',
  'تسيرها امرأة',
  'Women-led',
);
const YOUTH = share(
  'youth',
  0.15,
  { field: 'youth_share', op: '>=', value: 30 },
  'Au moins 30 % de jeunes',
  'ما لا يقل عن 30 % من الشباب',
  'At least 30 % young members',
);
const DISABILITY = share(
  'disability',
  0.05,
  { field: 'disabled_share', op: '>', value: 0 },
  'Membres en situation de handicap',
  'أعضاء في وضعية إعاقة',
  'Members with disabilities',
);

const ARTISANS_OR_GROUPS: Rule = {
  all: [
    { field: 'kind', op: 'in', value: ['artisan', 'master_artisan', 'cooperative', 'association'] },
    {
      any: [
        { field: 'kind', op: 'in', value: ['artisan', 'master_artisan'] },
        { field: 'members_count', op: '>=', value: 3 },
      ],
    },
  ],
};

export const CALLS: CallSpec[] = [
  {
    key: 'FIN-2025',
    programme: 'FIN',
    stage: 'decided',
    titleFr: 'Subventions 2025',
    opensAt: '2025-02-01T08:00:00Z',
    closesAt: '2025-03-31T22:59:59Z',
    decidedAt: '2025-05-15T10:00:00Z',
    weight: 10,
    eligibleShare: 0.85,
    scoredShare: 1,
    rules: () => ARTISANS_OR_GROUPS,
    formFields: PROJECT_FORM,
    scoringGrid: PROJECT_GRID,
    reservedShares: [WOMEN_LED, YOUTH],
    evaluatorsPerApplication: 2,
    request: { amount: [5_000, 50_000] },
    budgetShare: 1 / 3,
    capacityShare: null,
    quota: null,
  },
  {
    key: 'FIN-2026',
    programme: 'FIN',
    stage: 'closed',
    titleFr: 'Subventions 2026',
    opensAt: '2026-02-01T08:00:00Z',
    closesAt: '2026-04-30T22:59:59Z',
    decidedAt: null,
    weight: 44,
    eligibleShare: 0.91,
    scoredShare: 1,
    // Whoever received a grant of the programme in the last three years waits for the next round.
    rules: (ids) => ({
      all: [ARTISANS_OR_GROUPS, { notReceived: { programmeId: ids.programme('FIN'), years: 3 } }],
    }),
    formFields: PROJECT_FORM,
    scoringGrid: PROJECT_GRID,
    reservedShares: [WOMEN_LED, YOUTH, DISABILITY],
    evaluatorsPerApplication: 2,
    request: { amount: [5_000, 50_000] },
    budgetShare: 1 / 3,
    capacityShare: null,
    quota: null,
  },
  {
    key: 'FORM-2025',
    programme: 'FORM',
    stage: 'decided',
    titleFr: 'Session de formation 2025',
    opensAt: '2025-01-15T08:00:00Z',
    closesAt: '2025-02-28T22:59:59Z',
    decidedAt: '2025-03-20T10:00:00Z',
    weight: 6,
    eligibleShare: 0.8,
    scoredShare: 1,
    rules: () => ({ field: 'branch', op: 'in', value: ['TEX', 'COUTURE'] }),
    formFields: MOTIVATION_FORM,
    scoringGrid: MOTIVATION_GRID,
    reservedShares: [{ ...WOMEN_LED, minShare: 0.5 }],
    evaluatorsPerApplication: 1,
    request: { seats: [1, 3] },
    budgetShare: null,
    capacityShare: 0.5,
    quota: null,
  },
  {
    key: 'FORM-2026',
    programme: 'FORM',
    stage: 'open',
    titleFr: 'Session de formation 2026-2027',
    opensAt: '2026-09-01T08:00:00Z',
    closesAt: '2027-01-31T22:59:59Z',
    decidedAt: null,
    weight: 9,
    eligibleShare: 0.8,
    scoredShare: 0.5,
    rules: () => ({ field: 'branch', op: 'in', value: ['TEX', 'COUTURE'] }),
    formFields: MOTIVATION_FORM,
    scoringGrid: MOTIVATION_GRID,
    reservedShares: [{ ...WOMEN_LED, minShare: 0.5 }],
    evaluatorsPerApplication: 1,
    request: { seats: [1, 3] },
    budgetShare: null,
    capacityShare: 0.5,
    quota: null,
  },
  {
    key: 'MAT-2025',
    programme: 'MAT',
    stage: 'decided',
    titleFr: 'Allocation de thuya 2025',
    opensAt: '2025-01-10T08:00:00Z',
    closesAt: '2025-02-15T22:59:59Z',
    decidedAt: '2025-03-01T10:00:00Z',
    weight: 6,
    eligibleShare: 0.75,
    scoredShare: 1,
    rules: () => ({
      all: [
        { field: 'branch', op: '=', value: 'BOIS' },
        { field: 'kind', op: '!=', value: 'association' },
      ],
    }),
    formFields: MOTIVATION_FORM,
    scoringGrid: MOTIVATION_GRID,
    reservedShares: [],
    evaluatorsPerApplication: 1,
    request: { quantity: [0.5, 5] },
    budgetShare: null,
    capacityShare: null,
    quota: { period: '2025', share: 0.3 },
  },
  {
    key: 'SALON-2025',
    programme: 'SALON',
    stage: 'decided',
    titleFr: 'Salons régionaux 2025',
    opensAt: '2025-03-01T08:00:00Z',
    closesAt: '2025-04-15T22:59:59Z',
    decidedAt: '2025-05-05T10:00:00Z',
    weight: 6,
    eligibleShare: 0.85,
    scoredShare: 1,
    rules: () => ({
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association', 'ess_enterprise'] },
        { field: 'women_share', op: '>=', value: 30 },
      ],
    }),
    formFields: MOTIVATION_FORM,
    scoringGrid: MOTIVATION_GRID,
    reservedShares: [
      share(
        'coastal',
        0.1,
        { field: 'coastal', op: '=', value: true },
        'Zone côtière',
        'منطقة ساحلية',
        'Coastal',
      ),
    ],
    evaluatorsPerApplication: 1,
    request: { amount: [2_000, 8_000], seats: [1, 1] },
    budgetShare: 0.6,
    capacityShare: 0.5,
    quota: null,
  },
  {
    key: 'EQUIP-2026',
    programme: 'EQUIP',
    stage: 'open',
    titleFr: 'Équipement des ateliers 2026',
    opensAt: '2026-10-01T08:00:00Z',
    closesAt: '2027-02-28T22:59:59Z',
    decidedAt: null,
    weight: 9,
    eligibleShare: 0.85,
    scoredShare: 0.4,
    rules: () => ({
      all: [
        { field: 'kind', op: 'in', value: ['artisan', 'master_artisan', 'cooperative'] },
        { field: 'founded_on', op: '<=', value: '2025-12-31' },
      ],
    }),
    formFields: PROJECT_FORM,
    scoringGrid: PROJECT_GRID,
    reservedShares: [WOMEN_LED],
    evaluatorsPerApplication: 1,
    request: { amount: [10_000, 80_000] },
    budgetShare: 0.5,
    capacityShare: null,
    quota: null,
  },
  {
    key: 'ACCOMP-2026',
    programme: 'ACCOMP',
    stage: 'decided',
    titleFr: 'Cohorte 2026',
    opensAt: '2026-01-15T08:00:00Z',
    closesAt: '2026-03-15T22:59:59Z',
    decidedAt: '2026-04-30T10:00:00Z',
    weight: 10,
    eligibleShare: 0.8,
    scoredShare: 1,
    rules: () => ({
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
        {
          any: [
            { field: 'women_led', op: '=', value: true },
            { field: 'youth_share', op: '>=', value: 40 },
          ],
        },
      ],
    }),
    formFields: MOTIVATION_FORM,
    scoringGrid: MOTIVATION_GRID,
    reservedShares: [],
    evaluatorsPerApplication: 1,
    request: { seats: [1, 1] },
    budgetShare: null,
    capacityShare: 0.4,
    quota: null,
  },
];

/** The call whose selection the benchmark runs: 10,000 scored applications at the default size. */
export const BENCHMARK_CALL = 'FIN-2026';
/** Applications in all when `--programmes` is given without a number. */
export const DEFAULT_APPLICATIONS = 25_000;

/** Each call's number of applications: N split by weight, the rounding remainders to the largest. */
export function applicationsPerCall(total: number): Map<string, number> {
  const weights = CALLS.reduce((sum, call) => sum + call.weight, 0);
  const exact = CALLS.map((call) => (total * call.weight) / weights);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((sum, n) => sum + n, 0);
  const order = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return new Map(CALLS.map((call, i) => [call.key, counts[i] ?? 0]));
}

export const programmeReference = (seed: number, key: string) => `GEN-S${seed}-${key}`;
