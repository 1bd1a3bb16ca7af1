import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Disaggregation, IndicatorAggregation, IndicatorUnit } from '../../db/database.js';
import { type Period, periodOfDate, periodRange } from '../../shared/periods.js';
import { type Context, systemContext } from '../../shared/principal.js';
import { type AuditEntry, recordAuditMany } from '../audit/audit.service.js';
import { tinyPdf } from '../files/files.fixtures.js';
import { storePdf } from '../files/files.service.js';
import { createPrng, type Prng } from '../generate/prng.js';
import type { TargetInput } from '../indicators/indicators.schemas.js';
import { createIndicator, setCommitmentIndicators } from '../indicators/indicators.service.js';
import { upsertTargets } from '../indicators/indicators.targets.js';
import { factRows } from '../indicators/reports.review.js';
import {
  type Cell,
  type CellInput,
  checkCells,
  expectedCombinations,
  FIELD_OF,
} from '../indicators/reports.values.js';
import type { DemoCommitmentRef } from './demo.conventions.js';

/**
 * Demo indicators ("exemple"): about ten reported indicators measuring the demo commitments, with
 * targets per territory for 2025 and 2026, and quarterly reports from each commitment's start up to
 * the current quarter — most validated (so facts feed the dashboards), the latest ones submitted,
 * two returned with a comment, one ratio with a zero denominator. Deterministic (seeded PRNG) for
 * a given day; everything flagged is_demo and written through the audited services.
 */

interface DemoIndicator {
  code: string;
  nameFr: string;
  nameAr: string;
  nameEn: string;
  unit: IndicatorUnit;
  aggregation: IndicatorAggregation;
  temporal?: 'flow' | 'stock';
  disaggregations: Disaggregation[];
  axisCode: string;
  /** Demo commitment keys ("EX-ASSISES5-02/E1") it measures. */
  commitments: string[];
  /** Typical value of one cell for one territory and quarter (a ratio: its denominator). */
  perCell: number;
}

const INDICATORS: DemoIndicator[] = [
  {
    code: 'EX_ARTISANS_TRAINED',
    nameFr: 'Artisans formés par apprentissage (exemple)',
    nameAr: 'الصناع التقليديون المكونون بالتدرج المهني (مثال)',
    nameEn: 'Artisans trained through apprenticeship (example)',
    unit: 'persons',
    aggregation: 'sum',
    disaggregations: ['sex', 'age_band'],
    axisCode: 'TRAINING',
    commitments: ['EX-ASSISES5-02/E1'],
    perCell: 14,
  },
  {
    code: 'EX_WOMEN_COOPS_SUPPORTED',
    nameFr: 'Coopératives féminines accompagnées (exemple)',
    nameAr: 'التعاونيات النسائية المواكبة (مثال)',
    nameEn: 'Women-led cooperatives supported (example)',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['area'],
    axisCode: 'WOMEN',
    commitments: ['EX-ASSISES5-03/E1'],
    perCell: 6,
  },
  {
    code: 'EX_MICROCREDIT_AMOUNT',
    nameFr: 'Montant des microcrédits et prêts d’honneur accordés (exemple)',
    nameAr: 'مبلغ القروض الصغرى وقروض الشرف الممنوحة (مثال)',
    nameEn: 'Microcredits and honour loans granted, amount (example)',
    unit: 'mad',
    aggregation: 'sum',
    disaggregations: ['sex'],
    axisCode: 'FINANCE_RESEARCH',
    commitments: ['EX-ASSISES5-06/E2'],
    // Centimes: about 600,000 MAD per territory, quarter and sex.
    perCell: 60_000_000,
  },
  {
    code: 'EX_MICROCREDITS_GRANTED',
    nameFr: 'Microcrédits accordés (exemple)',
    nameAr: 'القروض الصغرى الممنوحة (مثال)',
    nameEn: 'Microcredits granted (example)',
    unit: 'number',
    aggregation: 'count',
    disaggregations: ['sex'],
    axisCode: 'FINANCE_RESEARCH',
    commitments: ['EX-ASSISES5-06/E2'],
    perCell: 40,
  },
  {
    code: 'EX_WOMEN_SHARE_BENEFICIARIES',
    nameFr: 'Part des femmes parmi les bénéficiaires (exemple)',
    nameAr: 'نسبة النساء من بين المستفيدين (مثال)',
    nameEn: 'Share of women among beneficiaries (example)',
    unit: 'percent',
    aggregation: 'ratio',
    disaggregations: [],
    axisCode: 'WOMEN',
    commitments: ['EX-ASSISES5-06/E2', 'EX-ASSISES5-03/E1'],
    perCell: 120,
  },
  {
    code: 'EX_WOOD_ALLOCATED_M3',
    nameFr: 'Bois d’œuvre alloué aux coopératives (exemple)',
    nameAr: 'خشب الصناعة المخصص للتعاونيات (مثال)',
    nameEn: 'Timber allocated to cooperatives (example)',
    unit: 'm3',
    aggregation: 'sum',
    disaggregations: [],
    axisCode: 'RAW_MATERIALS',
    commitments: ['EX-ASSISES5-01/E1'],
    perCell: 180,
  },
  {
    code: 'EX_WOOL_DELIVERED_T',
    nameFr: 'Laine livrée aux tisserandes (exemple)',
    nameAr: 'الصوف المسلم للنساجات (مثال)',
    nameEn: 'Wool delivered to weavers (example)',
    unit: 'tonnes',
    aggregation: 'sum',
    disaggregations: [],
    axisCode: 'AGRI_FOREST_SEA',
    commitments: ['EX-ASSISES5-01/E2'],
    perCell: 12,
  },
  {
    code: 'EX_MARITIME_COOPS',
    nameFr: 'Coopératives maritimes de jeunes et de femmes constituées (exemple)',
    nameAr: 'التعاونيات البحرية للشباب والنساء المحدثة (مثال)',
    nameEn: "Young people's and women's maritime cooperatives set up (example)",
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: [],
    axisCode: 'COASTAL',
    commitments: ['EX-ASSISES5-05/E1'],
    perCell: 2,
  },
  {
    code: 'EX_COOPS_AT_FAIRS',
    nameFr: 'Coopératives exposant à des salons internationaux (exemple)',
    nameAr: 'التعاونيات العارضة في معارض دولية (مثال)',
    nameEn: 'Cooperatives exhibiting at international fairs (example)',
    unit: 'actors',
    aggregation: 'sum',
    disaggregations: ['coastal'],
    axisCode: 'MARKETS_EXPORT',
    commitments: ['EX-ASSISES5-04/E1'],
    perCell: 3,
  },
  {
    code: 'EX_ADAPTED_WORKSHOP_ARTISANS',
    nameFr: 'Artisans accueillis dans les ateliers adaptés (exemple)',
    nameAr: 'الصناع المستقبلون في الورشات الملائمة (مثال)',
    nameEn: 'Artisans welcomed in adapted workshops (example)',
    unit: 'persons',
    aggregation: 'sum',
    disaggregations: ['disability', 'age_band'],
    axisCode: 'VULNERABLE',
    commitments: ['EX-ASSISES5-03/E2'],
    perCell: 5,
  },
  {
    code: 'EX_COACHING_HOURS_AVG',
    nameFr: 'Heures d’accompagnement par coopérative garantie, en moyenne (exemple)',
    nameAr: 'متوسط ساعات المواكبة لكل تعاونية مضمونة (مثال)',
    nameEn: 'Coaching hours per guaranteed cooperative, average (example)',
    unit: 'hours',
    aggregation: 'average',
    disaggregations: [],
    axisCode: 'FINANCE_RESEARCH',
    commitments: ['EX-ASSISES5-06/E3'],
    perCell: 18,
  },
];

/** Regions reporting under national commitments: most of the twelve. */
const NATIONAL_REGIONS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '11'];
/** Reports start with the quarter of the Benguérir conventions' entry into force. */
const FIRST_QUARTER_START = '2025-07-01';
const EVIDENCE = tinyPdf('Rapport trimestriel - piece justificative (exemple)');

export interface DemoIndicatorsResult {
  indicatorsCreated: number;
  targetsWritten: number;
  reportsCreated: number;
  reportsValidated: number;
}

function cellsFor(indicator: DemoIndicator, prng: Prng, growth: number): CellInput[] {
  return expectedCombinations(indicator.disaggregations).map((combo) => {
    const cell: CellInput = {};
    for (const dimension of indicator.disaggregations) {
      Object.assign(cell, { [FIELD_OF[dimension]]: combo[dimension] });
    }
    const noise = 0.6 + prng.next() * 0.8;
    // Demo patterns: more women than men, more youth in apprenticeship, fewer coastal exhibitors.
    const weight =
      (combo.sex === 'female' ? 1.3 : combo.sex === 'male' ? 0.8 : 1) *
      (combo.age_band === 'youth' ? 1.5 : combo.age_band === 'elderly' ? 0.4 : 1) *
      (combo.disability === 'yes' ? 0.5 : 1) *
      (combo.coastal === 'yes' ? 0.5 : 1);
    if (indicator.aggregation === 'ratio') {
      const denominator = Math.round(indicator.perCell * noise * growth);
      return { ...cell, numerator: Math.round(denominator * (0.45 + prng.next() * 0.25)), denominator };
    }
    const raw = indicator.perCell * weight * noise * (indicator.aggregation === 'average' ? 1 : growth);
    const value =
      indicator.unit === 'm3' || indicator.unit === 'tonnes' || indicator.unit === 'hours'
        ? Math.round(raw * 10) / 10
        : Math.max(0, Math.round(raw));
    return { ...cell, value };
  });
}

/** Where a commitment's reports come from: its listed territories, or most regions when national. */
function reportingTerritories(commitment: DemoCommitmentRef): string[] {
  return commitment.territoryCodes.length > 0 ? commitment.territoryCodes : NATIONAL_REGIONS;
}

function quartersOf(commitment: DemoCommitmentRef, today: string): Period[] {
  const from =
    [commitment.startsOn ?? FIRST_QUARTER_START, FIRST_QUARTER_START].sort().reverse()[0] ??
    FIRST_QUARTER_START;
  const until = commitment.endsOn && commitment.endsOn < today ? commitment.endsOn : today;
  return from > until ? [] : periodRange(from, until, 'quarter');
}

/**
 * Loads the demo indicators once (nothing happens if a demo indicator exists), measuring the demo
 * commitments given (from demo.conventions.ts). `today` fixes the current quarter (tests).
 */
export async function seedDemoIndicators(
  db: Kysely<Database>,
  commitments: DemoCommitmentRef[],
  options: { today?: string; seed?: number } = {},
): Promise<DemoIndicatorsResult> {
  const result: DemoIndicatorsResult = {
    indicatorsCreated: 0,
    targetsWritten: 0,
    reportsCreated: 0,
    reportsValidated: 0,
  };
  const existing = await db
    .selectFrom('indicators')
    .select('id')
    .where('is_demo', '=', true)
    .limit(1)
    .executeTakeFirst();
  if (existing) return result;
  const admin = systemContext('system:demo-seed');
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const current = periodOfDate(today, 'quarter');
  const previous = periodOfDate(new Date(Date.parse(`${current.start}T00:00:00Z`) - 86_400_000), 'quarter');
  const prng = createPrng(options.seed ?? 2025_06_17);
  const byKey = new Map(commitments.map((c) => [c.key, c]));

  const created = new Map<string, string>();
  const links = new Map<string, string[]>();
  for (const demo of INDICATORS) {
    const row = await createIndicator(
      db,
      admin,
      {
        code: demo.code,
        nameFr: demo.nameFr,
        nameAr: demo.nameAr,
        nameEn: demo.nameEn,
        descriptionFr: 'Indicateur fictif des données de démonstration.',
        descriptionAr: 'مؤشر وهمي من بيانات العرض.',
        descriptionEn: 'A fictional indicator of the demo data.',
        unit: demo.unit,
        aggregation: demo.aggregation,
        temporal: demo.temporal ?? 'flow',
        disaggregations: demo.disaggregations,
        axisCode: demo.axisCode,
      },
      { isDemo: true },
    );
    created.set(demo.code, row.id);
    result.indicatorsCreated += 1;
    for (const key of demo.commitments) {
      if (!byKey.has(key)) continue;
      links.set(key, [...(links.get(key) ?? []), row.id]);
    }
  }
  for (const [key, indicatorIds] of links) {
    const commitment = byKey.get(key);
    if (commitment) await setCommitmentIndicators(db, admin, commitment.id, indicatorIds);
  }

  let returnsLeft = 2;
  let zeroDenominatorLeft = 1;
  const planned: PlannedReport[] = [];
  for (const demo of INDICATORS) {
    const indicatorId = created.get(demo.code);
    if (!indicatorId) continue;
    const targets: TargetInput[] = [];
    for (const key of demo.commitments) {
      const commitment = byKey.get(key);
      if (!commitment) continue;
      const territories = reportingTerritories(commitment);
      const cellsPerReport = expectedCombinations(demo.disaggregations).length;
      // Targets per territory for 2025 (from July: two quarters) and 2026 (four), a little above the pace.
      for (const territoryCode of territories) {
        for (const [year, quarters] of [
          ['2025', 2],
          ['2026', 4],
        ] as const) {
          targets.push({
            territoryCode,
            period: year,
            kind: 'target',
            value: targetValue(demo, cellsPerReport, quarters, 1.15),
            commitmentId: commitment.id,
          });
        }
      }
      // National targets of the commitment, for the dashboards' headline.
      for (const [year, quarters] of [
        ['2025', 2],
        ['2026', 4],
      ] as const) {
        const adds = demo.aggregation === 'sum' || demo.aggregation === 'count';
        targets.push({
          territoryCode: null,
          period: year,
          kind: 'target',
          value: targetValue(demo, cellsPerReport, quarters, 1.15) * (adds ? territories.length : 1),
          commitmentId: commitment.id,
        });
      }
      for (const territoryCode of territories) {
        for (const [index, quarter] of quartersOf(commitment, today).entries()) {
          // A few territories start reporting a quarter late, so maps show gaps as they would.
          if (index === 0 && prng.chance(0.2)) continue;
          let values = cellsFor(demo, prng, 1 + index * 0.08);
          if (demo.aggregation === 'ratio' && zeroDenominatorLeft > 0 && quarter.code === previous.code) {
            values = [{ numerator: 0, denominator: 0 }];
            zeroDenominatorLeft -= 1;
          }
          const isCurrent = quarter.code === current.code;
          const isPrevious = quarter.code === previous.code;
          let status: PlannedReport['status'] = 'submitted';
          if (isPrevious && returnsLeft > 0 && prng.chance(0.3)) {
            status = 'returned';
            returnsLeft -= 1;
          } else if (!isCurrent && !(isPrevious && prng.chance(0.35))) status = 'validated';
          const checked = checkCells(demo, values);
          if (checked.errors.length > 0)
            throw new Error(`demo report ${demo.code}: ${JSON.stringify(checked.errors)}`);
          planned.push({ indicatorId, commitment, territoryCode, quarter, status, cells: checked.cells });
        }
      }
    }
    if (targets.length > 0) {
      const saved = await upsertTargets(db, admin, indicatorId, targets, { isDemo: true });
      result.targetsWritten += saved.inserted + saved.updated;
    }
  }
  await writeReports(db, admin, planned, today);
  result.reportsCreated = planned.length;
  result.reportsValidated = planned.filter((p) => p.status === 'validated').length;
  return result;
}

interface PlannedReport {
  indicatorId: string;
  commitment: DemoCommitmentRef;
  territoryCode: string;
  quarter: Period;
  status: 'submitted' | 'validated' | 'returned';
  cells: Cell[];
}

const RETURN_COMMENT = 'Pièce justificative incomplète : joindre la liste de présence signée (exemple).';
const CHUNK = 500;

function addDays(day: string, days: number): Date {
  return new Date(Date.parse(`${day}T09:00:00Z`) + days * 86_400_000);
}

/**
 * Writes the planned reports in one transaction, in bulk: hundreds of reports one request at a time
 * would slow the first start. The cells were checked by the same rules as a partner's submission
 * (checkCells), validated reports get their facts from the same function as a review (factRows),
 * and each report's submission and review are recorded in the audit trail.
 */
async function writeReports(db: Kysely<Database>, ctx: Context, planned: PlannedReport[], today: string) {
  if (planned.length === 0) return;
  const now = addDays(today, 0);
  await db.transaction().execute(async (trx) => {
    const evidence = await storePdf(trx, ctx, {
      bytes: EVIDENCE,
      originalName: 'rapport-trimestriel-exemple.pdf',
      maxBytes: 1024 * 1024,
    });
    const rows = planned.map((plan) => {
      // Sent about two weeks after the quarter ends (or today), reviewed a week later.
      const sent = addDays(plan.quarter.endExclusive, 12);
      const submittedAt = new Date(Math.min(sent.getTime(), now.getTime()));
      const reviewed = new Date(Math.min(submittedAt.getTime() + 7 * 86_400_000, now.getTime()));
      return {
        id: randomUUID(),
        indicator_id: plan.indicatorId,
        commitment_id: plan.commitment.id,
        territory_code: plan.territoryCode,
        period: plan.quarter.code,
        status: plan.status,
        evidence_file_id: evidence.id,
        note: 'Valeurs fictives de démonstration (exemple).',
        review_comment: plan.status === 'returned' ? RETURN_COMMENT : null,
        submitted_by: null,
        submitted_at: submittedAt,
        reviewed_by: null,
        reviewed_at: plan.status === 'submitted' ? null : reviewed,
        is_demo: true,
        version: plan.status === 'submitted' ? 1 : 2,
      };
    });
    const values = rows.flatMap((row, i) =>
      (planned[i]?.cells ?? []).map((cell) => ({ report_id: row.id, ...cell })),
    );
    const facts = rows.flatMap((row, i) =>
      row.status === 'validated' ? factRows(row, planned[i]?.cells ?? []) : [],
    );
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('indicator_reports')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < values.length; i += CHUNK) {
      await trx
        .insertInto('indicator_report_values')
        .values(values.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < facts.length; i += CHUNK) {
      await trx
        .insertInto('indicator_facts')
        .values(facts.slice(i, i + CHUNK))
        .execute();
    }
    await recordAuditMany(
      trx,
      ctx,
      rows.flatMap((row, i) => {
        const submitted: AuditEntry = {
          action: 'indicator_report.submitted',
          entityType: 'indicator_report',
          entityId: row.id,
          after: { ...row, status: 'submitted', version: 1, values: planned[i]?.cells ?? [] },
        };
        if (row.status === 'submitted') return [submitted];
        return [
          submitted,
          {
            action: `indicator_report.${row.status}`,
            entityType: 'indicator_report',
            entityId: row.id,
            after: row,
          },
        ];
      }),
    );
  });
}

/** A target for `quarters` quarters of one territory: the typical pace times a little ambition. */
function targetValue(demo: DemoIndicator, cells: number, quarters: number, ambition: number): number {
  // Ratio targets are in the unit shown: a percentage (60 for 60 %).
  if (demo.aggregation === 'ratio') return demo.unit === 'percent' ? 60 : 0.6;
  if (demo.aggregation === 'average') return Math.round(demo.perCell * ambition);
  return Math.round(demo.perCell * cells * quarters * ambition);
}
