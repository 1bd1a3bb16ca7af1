import type { Kysely } from 'kysely';
import type { Database, PartnerType } from '../../db/database.js';
import { systemContext } from '../../shared/principal.js';
import { findOrganisationByName } from '../accounts/organisations.repository.js';
import { createOrganisation, type OrganisationInput } from '../accounts/organisations.service.js';
import { createCommitment } from '../conventions/commitments.service.js';
import type { CommitmentCreate, MilestoneInput } from '../conventions/conventions.schemas.js';
import { addDocument, createConvention } from '../conventions/conventions.service.js';
import { tinyPdf } from '../files/files.fixtures.js';

/**
 * Demo conventions: a fictional example ("exemple") modelled on the conventions signed at the 5th
 * national ESS conference (Assises nationales de l'ESS, Benguérir, 17 June 2025). Organisations,
 * people, amounts and milestones are invented; every record is flagged is_demo. Milestones are dated
 * relative to the day the demo is loaded, so some are done, some overdue and some ahead.
 */

const EVENT = "5es Assises nationales de l'ESS, Benguérir (exemple)";
const SIGNED_ON = '2025-06-17';
const SES_DEMO_NAME = "Secrétariat d'État chargé de l'Artisanat et de l'ESS (exemple)";

/** Partners added by this demo (the demo seed's own organisations are reused by acronym). */
const PARTNERS: Array<OrganisationInput & { acronym: string; partnerType: PartnerType }> = [
  p('ministry', 'MEN-EX', "Ministère de l'Éducation nationale (exemple)", 'وزارة التربية الوطنية (مثال)'),
  p(
    'ministry',
    'MSF-EX',
    'Ministère de la Solidarité et de la Famille (exemple)',
    'وزارة التضامن والأسرة (مثال)',
  ),
  p(
    'agency',
    'ANDA-EX',
    'Agence nationale de développement agricole (exemple)',
    'الوكالة الوطنية للتنمية الفلاحية (مثال)',
  ),
  p(
    'agency',
    'ANPL-EX',
    'Agence nationale de la pêche et du littoral (exemple)',
    'الوكالة الوطنية للصيد والساحل (مثال)',
  ),
  p('training', 'OFP-EX', 'Office de la formation professionnelle (exemple)', 'مكتب التكوين المهني (مثال)'),
  p('bank', 'BSM-EX', 'Banque solidaire du Maroc (exemple)', 'البنك التضامني للمغرب (مثال)'),
  p('guarantee_fund', 'FGT-EX', 'Fonds de garantie Tamwil (exemple)', 'صندوق ضمان تمويل (مثال)'),
  p(
    'standards',
    'INPA-EX',
    'Institut de normalisation des produits artisanaux (exemple)',
    'معهد تقييس المنتوجات الحرفية (مثال)',
  ),
  p(
    'industrial_property',
    'OPI-EX',
    'Office de la propriété industrielle (exemple)',
    'مكتب الملكية الصناعية (مثال)',
  ),
  p('export', 'APEX-EX', 'Agence de promotion des exportations (exemple)', 'وكالة إنعاش الصادرات (مثال)'),
];

function p(partnerType: PartnerType, acronym: string, nameFr: string, nameAr: string) {
  return { kind: 'partner' as const, partnerType, acronym, nameFr, nameAr };
}

/** Organisations of demo.seed.ts reused here, by their French name. */
const EXISTING: Record<string, string> = {
  'ANDF-EX': 'Agence nationale de développement forestier (exemple)',
  'UM6P-EX': 'Université Mohammed VI Polytechnique (exemple)',
  'CAMS-EX': "Chambre d'artisanat de Marrakech-Safi (exemple)",
  'DRSM-EX': "Direction régionale de l'artisanat de Souss-Massa (exemple)",
};

/** Days from the day the demo is loaded: negative in the past. */
type Due = number | string;
interface DemoMilestone {
  titleFr: string;
  titleAr?: string;
  due: Due;
  status: 'planned' | 'in_progress' | 'done' | 'cancelled';
}
interface DemoCommitment {
  ref: string;
  by: string;
  titleFr: string;
  titleAr: string;
  axis: string;
  /** MAD, whole dirhams (stored in centimes). */
  budgetMad: number;
  territories: string[];
  startsOn: string;
  endsOn: string;
  description?: string;
  milestones: DemoMilestone[];
}
interface DemoConvention {
  reference: string;
  titleFr: string;
  titleAr: string;
  summaryFr: string;
  axes: string[];
  status: 'draft' | 'in_force';
  published: boolean;
  parties: string[];
  signatories: Array<[string, string, string]>;
  commitments: DemoCommitment[];
}

const m = (titleFr: string, due: Due, status: DemoMilestone['status'] = 'planned'): DemoMilestone => ({
  titleFr,
  due,
  status,
});

const CONVENTIONS: DemoConvention[] = [
  {
    reference: 'EX-ASSISES5-01',
    titleFr: 'Convention pour l’accès des artisans aux matières premières naturelles (exemple)',
    titleAr: 'اتفاقية ولوج الصناع التقليديين إلى المواد الأولية الطبيعية (مثال)',
    summaryFr:
      'Exemple fictif : approvisionnement des coopératives en bois, alfa, laine et cuir, en lien avec les agences forestière et agricole.',
    axes: ['RAW_MATERIALS', 'AGRI_FOREST_SEA'],
    status: 'in_force',
    published: true,
    parties: ['SES', 'ANDF-EX', 'ANDA-EX'],
    signatories: [
      ['SES', 'Nadia Exemple', "Secrétaire d'État (exemple)"],
      ['ANDF-EX', 'Hicham Exemple', 'Directeur général (exemple)'],
      ['ANDA-EX', 'Leila Exemple', 'Directrice générale (exemple)'],
    ],
    commitments: [
      {
        ref: 'E1',
        by: 'ANDF-EX',
        titleFr: 'Approvisionner les coopératives de bois et de vannerie en bois d’œuvre et en alfa',
        titleAr: 'تزويد تعاونيات الخشب والسلالة بخشب الصناعة والحلفاء',
        axis: 'RAW_MATERIALS',
        budgetMad: 12_000_000,
        territories: ['09', '08', '02'],
        startsOn: '2025-07-01',
        endsOn: '2027-12-31',
        milestones: [
          m('Inventaire des besoins des coopératives', '2025-09-30', 'done'),
          m('Conventions régionales d’approvisionnement', -45, 'in_progress'),
          m('Premières livraisons de bois d’œuvre', 120),
          m('Bilan à mi-parcours', 400),
        ],
      },
      {
        ref: 'E2',
        by: 'ANDA-EX',
        titleFr: 'Filières laine et cuir : approvisionnement des tisserandes et maroquiniers',
        titleAr: 'سلاسل الصوف والجلد: تزويد النساجات وصناع الجلد',
        axis: 'AGRI_FOREST_SEA',
        budgetMad: 8_500_000,
        territories: ['07.211', '09.541', '05.081'],
        startsOn: '2025-09-01',
        endsOn: '2027-06-30',
        milestones: [
          m('Accords avec les groupements d’éleveurs', '2025-12-15', 'done'),
          m('Centres de collecte de laine ouverts', -20),
          m('Premiers lots de cuir tanné livrés', 90),
        ],
      },
      {
        ref: 'E3',
        by: 'SES',
        titleFr: 'Plateforme nationale d’information sur les matières premières',
        titleAr: 'منصة وطنية للمعلومات حول المواد الأولية',
        axis: 'RAW_MATERIALS',
        budgetMad: 2_000_000,
        territories: [],
        startsOn: '2025-07-01',
        endsOn: '2026-12-31',
        milestones: [m('Cahier des charges', '2025-10-31', 'done'), m('Mise en ligne', -10, 'in_progress')],
      },
    ],
  },
  {
    reference: 'EX-ASSISES5-02',
    titleFr: 'Convention pour la formation professionnelle et l’ESS dans les cursus scolaires (exemple)',
    titleAr: 'اتفاقية التكوين المهني وإدماج الاقتصاد الاجتماعي والتضامني في المناهج الدراسية (مثال)',
    summaryFr: 'Exemple fictif : apprentissage dans les métiers de l’artisanat et modules ESS au collège.',
    axes: ['TRAINING'],
    status: 'in_force',
    published: true,
    parties: ['SES', 'OFP-EX', 'MEN-EX'],
    signatories: [
      ['SES', 'Nadia Exemple', "Secrétaire d'État (exemple)"],
      ['OFP-EX', 'Rachid Exemple', 'Directeur général (exemple)'],
      ['MEN-EX', 'Salma Exemple', 'Secrétaire générale (exemple)'],
    ],
    commitments: [
      {
        ref: 'E1',
        by: 'OFP-EX',
        titleFr: 'Former 5 000 jeunes artisans par apprentissage',
        titleAr: 'تكوين 5000 صانع تقليدي شاب بالتدرج المهني',
        axis: 'TRAINING',
        budgetMad: 45_000_000,
        territories: ['03', '04', '06', '07'],
        startsOn: '2025-09-01',
        endsOn: '2028-07-31',
        milestones: [
          m('Première promotion inscrite', '2025-10-15', 'done'),
          m('Référentiels des métiers révisés', -60, 'in_progress'),
          m('Deuxième promotion inscrite', 280),
        ],
      },
      {
        ref: 'E2',
        by: 'MEN-EX',
        titleFr: 'Introduire des modules ESS dans les programmes du collège',
        titleAr: 'إدراج وحدات حول الاقتصاد الاجتماعي والتضامني في برامج الإعدادي',
        axis: 'TRAINING',
        budgetMad: 3_000_000,
        territories: [],
        startsOn: '2025-09-01',
        endsOn: '2027-06-30',
        milestones: [
          m('Module pilote rédigé', '2025-11-30', 'done'),
          m('Expérimentation dans 100 collèges', -30),
        ],
      },
    ],
  },
  {
    reference: 'EX-ASSISES5-03',
    titleFr:
      'Convention pour l’autonomisation économique des femmes et l’inclusion des personnes vulnérables (exemple)',
    titleAr: 'اتفاقية التمكين الاقتصادي للنساء وإدماج الفئات الهشة (مثال)',
    summaryFr:
      'Exemple fictif : accompagnement des coopératives féminines, ateliers adaptés aux personnes en situation de handicap et aux personnes âgées.',
    axes: ['WOMEN', 'VULNERABLE'],
    status: 'in_force',
    published: true,
    parties: ['SES', 'MSF-EX', 'CAMS-EX'],
    signatories: [
      ['SES', 'Nadia Exemple', "Secrétaire d'État (exemple)"],
      ['MSF-EX', 'Khadija Exemple', 'Secrétaire générale (exemple)'],
      ['CAMS-EX', 'Omar Exemple', 'Président de la chambre (exemple)'],
    ],
    commitments: [
      {
        ref: 'E1',
        by: 'MSF-EX',
        titleFr: 'Accompagner 300 coopératives féminines vers la commercialisation',
        titleAr: 'مواكبة 300 تعاونية نسائية نحو التسويق',
        axis: 'WOMEN',
        budgetMad: 18_000_000,
        territories: ['07', '09', '10', '11'],
        startsOn: '2025-07-01',
        endsOn: '2027-12-31',
        milestones: [
          m('Appel à candidatures', '2025-09-15', 'done'),
          m('150 coopératives accompagnées', -15, 'in_progress'),
          m('300 coopératives accompagnées', 365),
        ],
      },
      {
        ref: 'E2',
        by: 'CAMS-EX',
        titleFr: 'Ateliers adaptés pour artisans en situation de handicap et artisans âgés',
        titleAr: 'ورشات ملائمة للصناع في وضعية إعاقة والصناع المسنين',
        axis: 'VULNERABLE',
        budgetMad: 4_200_000,
        territories: ['07.351', '07.431'],
        startsOn: '2025-10-01',
        endsOn: '2026-12-31',
        milestones: [m('Aménagement de deux ateliers', -90), m('Ouverture des ateliers', 60)],
      },
    ],
  },
  {
    reference: 'EX-ASSISES5-04',
    titleFr:
      'Convention pour les marchés, l’export, le commerce équitable, la propriété industrielle et la qualité (exemple)',
    titleAr: 'اتفاقية الأسواق والتصدير والتجارة المنصفة والملكية الصناعية والجودة (مثال)',
    summaryFr:
      'Exemple fictif : salons internationaux, marques collectives et indications géographiques, référentiels qualité des produits artisanaux.',
    axes: ['MARKETS_EXPORT', 'QUALITY'],
    status: 'in_force',
    published: true,
    parties: ['SES', 'APEX-EX', 'OPI-EX', 'INPA-EX'],
    signatories: [
      ['SES', 'Nadia Exemple', "Secrétaire d'État (exemple)"],
      ['APEX-EX', 'Youssef Exemple', 'Directeur général (exemple)'],
      ['OPI-EX', 'Imane Exemple', 'Directrice générale (exemple)'],
      ['INPA-EX', 'Mehdi Exemple', 'Directeur (exemple)'],
    ],
    commitments: [
      {
        ref: 'E1',
        by: 'APEX-EX',
        titleFr: 'Faire participer 200 coopératives à des salons internationaux',
        titleAr: 'مشاركة 200 تعاونية في معارض دولية',
        axis: 'MARKETS_EXPORT',
        budgetMad: 25_000_000,
        territories: [],
        startsOn: '2025-07-01',
        endsOn: '2027-12-31',
        milestones: [
          m('Calendrier des salons 2026', '2025-12-31', 'done'),
          m('80 coopératives exposantes', 150),
        ],
      },
      {
        ref: 'E2',
        by: 'OPI-EX',
        titleFr: 'Enregistrer 50 marques collectives et indications géographiques artisanales',
        titleAr: 'تسجيل 50 علامة جماعية وبيان جغرافي للمنتوجات الحرفية',
        axis: 'MARKETS_EXPORT',
        budgetMad: 1_500_000,
        territories: [],
        startsOn: '2025-07-01',
        endsOn: '2026-12-31',
        milestones: [m('20 dossiers déposés', -40, 'in_progress'), m('50 enregistrements', 30)],
      },
      {
        ref: 'E3',
        by: 'INPA-EX',
        titleFr: 'Référentiels qualité pour le tapis, la poterie et la dinanderie',
        titleAr: 'مرجعيات الجودة للزرابي والفخار والنحاسيات',
        axis: 'QUALITY',
        budgetMad: 3_800_000,
        territories: ['03', '07'],
        startsOn: '2025-09-01',
        endsOn: '2027-03-31',
        milestones: [
          m('Référentiel du tapis publié', '2026-02-28', 'done'),
          m('Référentiel de la poterie', -5),
        ],
      },
    ],
  },
  {
    reference: 'EX-ASSISES5-05',
    titleFr: 'Convention pour les coopératives maritimes des jeunes et des femmes en zone côtière (exemple)',
    titleAr: 'اتفاقية التعاونيات البحرية للشباب والنساء في المناطق الساحلية (مثال)',
    summaryFr:
      'Exemple fictif : création et équipement de coopératives de pêche artisanale et de valorisation.',
    axes: ['COASTAL', 'AGRI_FOREST_SEA'],
    status: 'in_force',
    published: true,
    parties: ['SES', 'ANPL-EX'],
    signatories: [
      ['SES', 'Nadia Exemple', "Secrétaire d'État (exemple)"],
      ['ANPL-EX', 'Aziz Exemple', 'Directeur général (exemple)'],
    ],
    commitments: [
      {
        ref: 'E1',
        by: 'ANPL-EX',
        titleFr: 'Créer et équiper 40 coopératives maritimes de jeunes et de femmes',
        titleAr: 'إحداث وتجهيز 40 تعاونية بحرية للشباب والنساء',
        axis: 'COASTAL',
        budgetMad: 30_000_000,
        territories: ['01.331', '07.211', '09.001', '10.521', '11.321', '12.391'],
        startsOn: '2025-07-01',
        endsOn: '2028-06-30',
        milestones: [
          m('Identification des sites', '2025-11-30', 'done'),
          m('15 coopératives constituées', -25, 'in_progress'),
          m('Équipement des 15 premières', 200),
        ],
      },
    ],
  },
  {
    reference: 'EX-ASSISES5-06',
    titleFr:
      'Convention avec les universités et les institutions financières : recherche, financement et accompagnement (exemple)',
    titleAr: 'اتفاقية مع الجامعات والمؤسسات المالية: البحث والتمويل والمواكبة (مثال)',
    summaryFr:
      'Exemple fictif : laboratoire sur les chaînes de production artisanales, microcrédits et garantie des prêts aux coopératives.',
    axes: ['FINANCE_RESEARCH', 'TERRITORIAL'],
    status: 'in_force',
    published: true,
    parties: ['SES', 'UM6P-EX', 'BSM-EX', 'FGT-EX'],
    signatories: [
      ['SES', 'Nadia Exemple', "Secrétaire d'État (exemple)"],
      ['UM6P-EX', 'Hassan Exemple', 'Président (exemple)'],
      ['BSM-EX', 'Samia Exemple', 'Directrice générale (exemple)'],
      ['FGT-EX', 'Adil Exemple', 'Directeur général (exemple)'],
    ],
    commitments: [
      {
        ref: 'E1',
        by: 'UM6P-EX',
        titleFr: 'Laboratoire de recherche sur les chaînes de production artisanales',
        titleAr: 'مختبر بحث حول سلاسل الإنتاج الحرفي',
        axis: 'FINANCE_RESEARCH',
        budgetMad: 9_000_000,
        territories: ['07.427'],
        startsOn: '2025-09-01',
        endsOn: '2028-08-31',
        milestones: [m('Équipe de recherche constituée', '2025-12-01', 'done'), m('Premier rapport', 45)],
      },
      {
        ref: 'E2',
        by: 'BSM-EX',
        titleFr: 'Microcrédits pour 2 000 porteurs de projets de l’ESS',
        titleAr: 'قروض صغرى لفائدة 2000 حامل مشروع في الاقتصاد الاجتماعي والتضامني',
        axis: 'FINANCE_RESEARCH',
        budgetMad: 60_000_000,
        territories: [],
        startsOn: '2025-07-01',
        endsOn: '2027-12-31',
        milestones: [
          m('Ligne de crédit ouverte', '2025-09-01', 'done'),
          m('1 000 prêts accordés', -35, 'in_progress'),
        ],
      },
      {
        ref: 'E3',
        by: 'FGT-EX',
        titleFr: 'Garantie des prêts bancaires aux coopératives',
        titleAr: 'ضمان القروض البنكية للتعاونيات',
        axis: 'FINANCE_RESEARCH',
        budgetMad: 20_000_000,
        territories: ['01', '02', '09'],
        startsOn: '2025-10-01',
        endsOn: '2027-09-30',
        milestones: [m('Produit de garantie lancé', '2026-01-15', 'done'), m('Revue annuelle', 90)],
      },
    ],
  },
  {
    reference: 'EX-SOUSS-CONV-01',
    titleFr: 'Projet de convention territoriale de convergence Souss-Massa (exemple, non publié)',
    titleAr: 'مشروع اتفاقية ترابية للالتقائية بجهة سوس ماسة (مثال، غير منشور)',
    summaryFr:
      'Exemple fictif d’un projet en préparation : visible des administrateurs, des parties et des utilisateurs de la région, pas du public.',
    axes: ['TERRITORIAL'],
    status: 'draft',
    published: false,
    parties: ['SES', 'DRSM-EX', 'ANDF-EX'],
    signatories: [],
    commitments: [
      {
        ref: 'E1',
        by: 'ANDF-EX',
        titleFr: 'Pépinières d’arganiers pour les coopératives de Souss-Massa',
        titleAr: 'مشاتل أركان لفائدة تعاونيات سوس ماسة',
        axis: 'TERRITORIAL',
        budgetMad: 5_000_000,
        territories: ['09'],
        startsOn: '2026-01-01',
        endsOn: '2028-12-31',
        milestones: [m('Choix des sites', 60)],
      },
    ],
  },
];

export interface DemoCommitmentRef {
  id: string;
  /** Stable key for other demo data: "EX-ASSISES5-01/E1". */
  key: string;
  conventionId: string;
  conventionReference: string;
  reference: string;
  organisationId: string;
  axisCode: string;
  /** Empty for a national commitment. */
  territoryCodes: string[];
  startsOn: string | null;
  endsOn: string | null;
  published: boolean;
}

export interface DemoConventionsResult {
  conventionsCreated: number;
  organisationsCreated: number;
  commitments: DemoCommitmentRef[];
}

function addDays(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function milestoneInput(milestone: DemoMilestone, position: number): MilestoneInput {
  const dueOn = typeof milestone.due === 'number' ? addDays(milestone.due) : milestone.due;
  const today = addDays(0);
  // A done milestone is done on its due date, or today if that is still ahead.
  const doneOn = milestone.status === 'done' ? ([dueOn, today].sort()[0] ?? today) : null;
  return {
    titleFr: milestone.titleFr,
    ...(milestone.titleAr ? { titleAr: milestone.titleAr } : {}),
    dueOn,
    status: milestone.status,
    doneOn,
    position,
  };
}

/** The demo commitments already stored, with the key other demo data uses (B's indicators). */
export async function listDemoCommitments(db: Kysely<Database>): Promise<DemoCommitmentRef[]> {
  const rows = await db
    .selectFrom('commitments as c')
    .innerJoin('conventions as v', 'v.id', 'c.convention_id')
    .select([
      'c.id',
      'c.convention_id',
      'v.reference as convention_reference',
      'v.published',
      'c.reference',
      'c.organisation_id',
      'c.axis_code',
      'c.starts_on',
      'c.ends_on',
    ])
    .where('c.is_demo', '=', true)
    .orderBy('v.reference')
    .orderBy('c.reference')
    .execute();
  const territories = await (rows.length
    ? db
        .selectFrom('commitment_territories')
        .selectAll()
        .where(
          'commitment_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('territory_code')
        .execute()
    : Promise.resolve([]));
  return rows.map((row) => ({
    id: row.id,
    key: `${row.convention_reference}/${row.reference ?? row.id}`,
    conventionId: row.convention_id,
    conventionReference: row.convention_reference,
    reference: row.reference ?? '',
    organisationId: row.organisation_id,
    axisCode: row.axis_code,
    territoryCodes: territories.filter((t) => t.commitment_id === row.id).map((t) => t.territory_code),
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    published: row.published,
  }));
}

/**
 * Loads the demo conventions once (if no demo convention exists yet), through the audited services,
 * and returns every demo commitment (also when they were already there).
 */
export async function seedDemoConventions(db: Kysely<Database>): Promise<DemoConventionsResult> {
  const ctx = systemContext('system:demo-seed');
  const existing = await db
    .selectFrom('conventions')
    .select('id')
    .where('is_demo', '=', true)
    .limit(1)
    .executeTakeFirst();
  if (existing)
    return { conventionsCreated: 0, organisationsCreated: 0, commitments: await listDemoCommitments(db) };

  const ids = new Map<string, string>();
  let organisationsCreated = 0;
  let secretariat =
    (await db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'state_secretariat')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst()) ?? (await findOrganisationByName(db, SES_DEMO_NAME));
  if (!secretariat) {
    secretariat = await createOrganisation(
      db,
      ctx,
      {
        kind: 'state_secretariat',
        nameFr: SES_DEMO_NAME,
        nameAr: 'كتابة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي والتضامني (مثال)',
        acronym: 'SEAESS-EX',
      },
      { isDemo: true },
    );
    organisationsCreated += 1;
  }
  ids.set('SES', secretariat.id);
  for (const [key, name] of Object.entries(EXISTING)) {
    const organisation = await findOrganisationByName(db, name);
    if (organisation) ids.set(key, organisation.id);
  }
  for (const partner of PARTNERS) {
    let organisation = await findOrganisationByName(db, partner.nameFr);
    if (!organisation) {
      organisation = await createOrganisation(db, ctx, partner, { isDemo: true });
      organisationsCreated += 1;
    }
    ids.set(partner.acronym, organisation.id);
  }
  const id = (key: string) => {
    const value = ids.get(key);
    if (!value) throw new Error(`demo organisation ${key} is missing`);
    return value;
  };

  let conventionsCreated = 0;
  for (const demo of CONVENTIONS) {
    // Parties whose organisation is missing (a demo seed from an older version) are left out.
    const parties = demo.parties.filter((key) => ids.has(key));
    const signed = demo.status !== 'draft';
    const convention = await createConvention(
      db,
      ctx,
      {
        reference: demo.reference,
        titleFr: demo.titleFr,
        titleAr: demo.titleAr,
        summaryFr: demo.summaryFr,
        status: demo.status,
        signedOn: signed ? SIGNED_ON : null,
        signedPlace: signed ? 'Benguérir' : null,
        signingEvent: signed ? EVENT : null,
        startsOn: signed ? '2025-07-01' : null,
        endsOn: signed ? '2028-12-31' : null,
        published: demo.published,
        axisCodes: demo.axes,
        parties: parties.map((key, i) => ({ organisationId: id(key), role: i === 0 ? 'lead' : 'party' })),
        signatories: demo.signatories
          .filter(([key]) => ids.has(key))
          .map(([key, fullName, functionTitle]) => ({ organisationId: id(key), fullName, functionTitle })),
      },
      { isDemo: true },
    );
    conventionsCreated += 1;
    if (signed) {
      await addDocument(db, ctx, convention.id, {
        bytes: tinyPdf(`${demo.reference} - convention signee (exemple)`),
        filename: `${demo.reference}-convention-signee-exemple.pdf`,
        kind: 'signed_convention',
        title: 'Convention signée (exemple)',
        maxBytes: 1024 * 1024,
      });
    }
    for (const commitment of demo.commitments) {
      if (!ids.has(commitment.by)) continue;
      const input: CommitmentCreate = {
        organisationId: id(commitment.by),
        reference: commitment.ref,
        titleFr: `${commitment.titleFr} (exemple)`,
        titleAr: `${commitment.titleAr} (مثال)`,
        ...(commitment.description ? { description: commitment.description } : {}),
        axisCode: commitment.axis,
        budgetCentimes: commitment.budgetMad * 100,
        startsOn: commitment.startsOn,
        endsOn: commitment.endsOn,
        territoryCodes: commitment.territories,
        milestones: commitment.milestones.map(milestoneInput),
      };
      await createCommitment(db, ctx, convention.id, input, { isDemo: true });
    }
  }
  return { conventionsCreated, organisationsCreated, commitments: await listDemoCommitments(db) };
}
