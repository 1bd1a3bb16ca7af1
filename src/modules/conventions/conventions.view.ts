import type { Static } from 'typebox';
import type { Db } from './conventions.repository.js';
import * as repo from './conventions.repository.js';
import type {
  CommitmentSchema,
  ConventionListItem,
  DocumentSchema,
  MilestoneSchema,
  PartySchema,
} from './conventions.schemas.js';

export type Commitment = Static<typeof CommitmentSchema>;
export type Milestone = Static<typeof MilestoneSchema>;
export type ConventionSummary = Static<typeof ConventionListItem>;
export type Party = Static<typeof PartySchema>;
export type ConventionDocument = Static<typeof DocumentSchema>;

export function toMilestone(row: repo.MilestoneRow, day: string): Milestone {
  return {
    id: row.id,
    commitmentId: row.commitment_id,
    titleFr: row.title_fr,
    titleAr: row.title_ar,
    dueOn: row.due_on,
    status: row.status,
    doneOn: row.done_on,
    position: row.position,
    overdue: isOverdue(row, day),
  };
}

export function isOverdue(row: Pick<repo.MilestoneRow, 'status' | 'due_on'>, day: string): boolean {
  return (row.status === 'planned' || row.status === 'in_progress') && row.due_on < day;
}

export function toParty(row: repo.PartyRow): Party {
  return {
    organisationId: row.organisation_id,
    role: row.role,
    kind: row.kind,
    partnerType: row.partner_type,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    acronym: row.acronym,
  };
}

export function toDocument(row: repo.DocumentRow): ConventionDocument {
  return {
    id: row.id,
    conventionId: row.convention_id,
    kind: row.kind,
    title: row.title,
    fileId: row.file_id,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    originalName: row.original_name,
    createdAt: row.created_at.toISOString(),
    url: `/api/conventions/${row.convention_id}/documents/${row.id}`,
  };
}

/** Commitments with their territories and milestones, in three queries whatever their number. */
export async function loadCommitments(
  db: Db,
  filter: { conventionIds?: string[]; ids?: string[]; activeIn?: string },
  day: string = repo.today(),
): Promise<Commitment[]> {
  const rows = await repo.commitmentsWhere(db, filter);
  const ids = rows.map((row) => row.id);
  const [territories, milestones] = await Promise.all([
    repo.territoriesOf(db, ids),
    repo.milestonesOf(db, ids),
  ]);
  return rows.map((row) => {
    const own = (milestones.get(row.id) ?? []).map((m) => toMilestone(m, day));
    return {
      id: row.id,
      conventionId: row.convention_id,
      organisationId: row.organisation_id,
      organisationNameFr: row.organisation_name_fr,
      organisationNameAr: row.organisation_name_ar,
      organisationAcronym: row.organisation_acronym,
      reference: row.reference,
      titleFr: row.title_fr,
      titleAr: row.title_ar,
      description: row.description,
      axisCode: row.axis_code,
      budgetCentimes: row.budget_centimes === null ? null : Number(row.budget_centimes),
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      scope: row.scope,
      territoryCodes: territories.get(row.id) ?? [],
      status: row.status,
      isDemo: row.is_demo,
      version: row.version,
      overdue: row.status === 'active' && row.ends_on !== null && row.ends_on < day,
      milestones: own,
      milestonesDone: own.filter((m) => m.status === 'done').length,
      milestonesOverdue: own.filter((m) => m.overdue).length,
    };
  });
}

/** Counts computed from loaded commitments (the same rules as repo.countsOf). */
export function countCommitments(commitments: Commitment[]): repo.CountsRow {
  return {
    commitments: commitments.length,
    commitmentsOverdue: commitments.filter((c) => c.overdue).length,
    budgetCentimes: commitments.reduce((sum, c) => sum + (c.budgetCentimes ?? 0), 0),
    milestones: commitments.reduce((sum, c) => sum + c.milestones.length, 0),
    milestonesDone: commitments.reduce((sum, c) => sum + c.milestonesDone, 0),
    milestonesOverdue: commitments.reduce((sum, c) => sum + c.milestonesOverdue, 0),
  };
}

/** List rows: the convention with its axes, parties and counts. */
export async function summarise(
  db: Db,
  rows: repo.ConventionRow[],
  day: string,
): Promise<ConventionSummary[]> {
  const ids = rows.map((row) => row.id);
  const [axes, parties, counts] = await Promise.all([
    repo.axesOf(db, ids),
    repo.partiesOf(db, ids),
    repo.countsOf(db, ids, day),
  ]);
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    titleFr: row.title_fr,
    titleAr: row.title_ar,
    status: row.status,
    signedOn: row.signed_on,
    signedPlace: row.signed_place,
    signingEvent: row.signing_event,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    published: row.published,
    isDemo: row.is_demo,
    axisCodes: axes.get(row.id) ?? [],
    parties: (parties.get(row.id) ?? []).map(toParty),
    counts: counts.get(row.id) ?? { ...repo.ZERO_COUNTS },
  }));
}
