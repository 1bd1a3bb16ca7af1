import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, IndicatorReportsTable } from '../../db/database.js';
import { parsePeriod } from '../../shared/periods.js';
import type { Principal } from '../../shared/principal.js';
import type { Cell } from './reports.values.js';

type Db = Kysely<Database> | Transaction<Database>;
export type ReportRow = Selectable<IndicatorReportsTable>;

/** A report with what its lists show: the indicator's code and names, the commitment and its owner. */
export interface ReportView extends ReportRow {
  indicator_code: string;
  indicator_name_fr: string;
  indicator_name_ar: string;
  indicator_name_en: string;
  commitment_title_fr: string;
  commitment_title_ar: string | null;
  convention_id: string;
  organisation_id: string;
}

/**
 * Reports a caller may see, as SQL: administrators all; partners those of their organisation's
 * commitments; territorial users those of territories within theirs (not the national ones).
 */
export function visibleReports(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'indicator_reports' | 'commitments'>) => {
    switch (principal.role) {
      case 'admin':
        return eb.lit(true);
      case 'partner':
        return principal.organisationId
          ? eb('commitments.organisation_id', '=', principal.organisationId)
          : eb.lit(false);
      case 'territorial': {
        const scope = principal.territoryCode;
        if (!scope) return eb.lit(false);
        return eb.or([
          eb('indicator_reports.territory_code', '=', scope),
          eb('indicator_reports.territory_code', 'like', `${scope}.%`),
        ]);
      }
      default:
        return eb.lit(false);
    }
  };
}

function reportsView(db: Db) {
  return db
    .selectFrom('indicator_reports')
    .innerJoin('indicators', 'indicators.id', 'indicator_reports.indicator_id')
    .innerJoin('commitments', 'commitments.id', 'indicator_reports.commitment_id');
}

function selectView(query: ReturnType<typeof reportsView>) {
  return query
    .selectAll('indicator_reports')
    .select([
      'indicators.code as indicator_code',
      'indicators.name_fr as indicator_name_fr',
      'indicators.name_ar as indicator_name_ar',
      'indicators.name_en as indicator_name_en',
      'commitments.title_fr as commitment_title_fr',
      'commitments.title_ar as commitment_title_ar',
      'commitments.convention_id',
      'commitments.organisation_id',
    ]);
}

export async function findReportView(
  db: Db,
  id: string,
  principal: Principal | null,
): Promise<ReportView | null> {
  let query = reportsView(db).where('indicator_reports.id', '=', id);
  if (principal) query = query.where(visibleReports(principal));
  return (await selectView(query).executeTakeFirst()) ?? null;
}

/** The report row locked for the rest of the transaction, so two reviews cannot both apply. */
export async function lockReport(trx: Transaction<Database>, id: string): Promise<ReportRow | null> {
  return (
    (await trx
      .selectFrom('indicator_reports')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()) ?? null
  );
}

export async function findReportByKey(
  db: Db,
  key: { indicatorId: string; commitmentId: string; territoryCode: string | null; period: string },
): Promise<ReportRow | null> {
  let query = db
    .selectFrom('indicator_reports')
    .selectAll()
    .where('indicator_id', '=', key.indicatorId)
    .where('commitment_id', '=', key.commitmentId)
    .where('period', '=', key.period);
  query =
    key.territoryCode === null
      ? query.where('territory_code', 'is', null)
      : query.where('territory_code', '=', key.territoryCode);
  return (await query.executeTakeFirst()) ?? null;
}

/** Whether one territory contains the other (the nation, null, contains every territory). */
function nested(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Reports that cover the same ground as a new one: same indicator and commitment, a period that
 * overlaps (2025-08 and 2025Q3) and a territory that contains or lies in the other (09 and 09.273,
 * the nation and any territory). Their values would otherwise be counted twice when analytics add
 * months into quarters and provinces into regions. Validated ones first.
 */
export async function findOverlappingReports(
  db: Db,
  key: { indicatorId: string; commitmentId: string; territoryCode: string | null; period: string },
): Promise<ReportRow[]> {
  const target = parsePeriod(key.period);
  if (!target) return [];
  const rows = await db
    .selectFrom('indicator_reports')
    .selectAll()
    .where('indicator_id', '=', key.indicatorId)
    .where('commitment_id', '=', key.commitmentId)
    .execute();
  return rows
    .filter((row) => {
      const other = parsePeriod(row.period);
      return (
        other !== null &&
        other.start <= target.end &&
        target.start <= other.end &&
        nested(row.territory_code, key.territoryCode)
      );
    })
    .sort((a, b) => Number(b.status === 'validated') - Number(a.status === 'validated'));
}

export interface ReportFilters {
  status?: ReportRow['status'] | undefined;
  indicator?: string | undefined;
  commitment?: string | undefined;
  period?: string | undefined;
  territory?: string | undefined;
}

export async function listReports(
  db: Db,
  principal: Principal,
  filters: ReportFilters,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: ReportView[] }> {
  let query = reportsView(db).where(visibleReports(principal));
  if (filters.status) query = query.where('indicator_reports.status', '=', filters.status);
  if (filters.indicator) query = query.where('indicator_reports.indicator_id', '=', filters.indicator);
  if (filters.commitment) query = query.where('indicator_reports.commitment_id', '=', filters.commitment);
  if (filters.period) query = query.where('indicator_reports.period', '=', filters.period);
  if (filters.territory === 'national') query = query.where('indicator_reports.territory_code', 'is', null);
  else if (filters.territory) {
    const scope = filters.territory;
    query = query.where((eb) =>
      eb.or([
        eb('indicator_reports.territory_code', '=', scope),
        eb('indicator_reports.territory_code', 'like', `${scope}.%`),
      ]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await selectView(query)
    .orderBy('indicator_reports.submitted_at', 'desc')
    .orderBy('indicator_reports.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), items };
}

export async function reportCells(db: Db, reportId: string): Promise<Cell[]> {
  return db
    .selectFrom('indicator_report_values')
    .select(['sex', 'age_band', 'disability', 'area', 'coastal', 'value', 'numerator', 'denominator'])
    .where('report_id', '=', reportId)
    .orderBy('sex')
    .orderBy('age_band')
    .orderBy('disability')
    .orderBy('area')
    .orderBy('coastal')
    .execute();
}

export async function replaceCells(
  trx: Transaction<Database>,
  reportId: string,
  cells: Cell[],
): Promise<void> {
  await trx.deleteFrom('indicator_report_values').where('report_id', '=', reportId).execute();
  if (cells.length > 0) {
    await trx
      .insertInto('indicator_report_values')
      .values(cells.map((cell) => ({ report_id: reportId, ...cell })))
      .execute();
  }
}
