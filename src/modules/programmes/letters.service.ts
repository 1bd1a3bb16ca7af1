/**
 * Decision letters: what one decided application's letter says, gathered once (programme, call,
 * actor, decision, reasons, benefit, date, reference), for `letters.pdf.ts` to lay out in French or
 * Arabic. Read by the applicant's own organisation, the programme's manager and administrators;
 * anyone else gets the same 404 as for an unknown application.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import type { EligibilityResult, Explanation, Message } from './eligibility.evaluate.js';
import { managesProgramme } from './programmes.service.js';

export const LETTER_STATUSES = ['selected', 'waitlisted', 'rejected', 'ineligible'] as const;
export type LetterDecision = (typeof LETTER_STATUSES)[number];
export type LetterLanguage = 'fr' | 'ar';

export interface LetterData {
  /** Stable: NSJ-<call reference>-<first 8 hex digits of the application id>. */
  reference: string;
  applicationId: string;
  decision: LetterDecision;
  /** When the decision was taken (selection; for an ineligible outcome the eligibility check), YYYY-MM-DD, UTC. */
  decidedOn: string;
  programme: {
    reference: string;
    titleFr: string;
    titleAr: string | null;
    partnerFr: string;
    partnerAr: string | null;
  };
  call: { reference: string; titleFr: string; titleAr: string | null };
  actor: {
    nameFr: string | null;
    nameAr: string | null;
    nia: string | null;
    provinceFr: string;
    provinceAr: string;
  };
  totalScore: number | null;
  rank: number | null;
  waitlistPosition: number | null;
  /** The eligibility rules the application failed (ineligible), in each language. */
  failedRules: Message[];
  benefit: {
    amountCentimes: number | null;
    seats: number | null;
    quantity: number | null;
    unit: string | null;
  } | null;
}

/** The reference printed on a letter (and in its PDF metadata). */
export function letterReference(callReference: string, applicationId: string): string {
  return `NSJ-${callReference}-${applicationId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

function failed(result: EligibilityResult | null): Message[] {
  if (!result) return [];
  const out: Message[] = [];
  if (!result.base.pass) out.push(result.base.message);
  if (result.scope && !result.scope.pass) out.push(result.scope.message);
  // The leaves that failed: the conditions themselves say what was expected and found.
  const walk = (node: Explanation) => {
    const children = node.children ?? [];
    if (children.length === 0) {
      if (!node.pass) out.push(node.message);
      return;
    }
    for (const child of children) walk(child);
  };
  if (!result.rules.pass) walk(result.rules);
  return out;
}

export async function getLetterData(db: Kysely<Database>, ctx: Context, id: string): Promise<LetterData> {
  const row = await db
    .selectFrom('applications')
    .innerJoin('calls', 'calls.id', 'applications.call_id')
    .innerJoin('programmes', 'programmes.id', 'calls.programme_id')
    .innerJoin('organisations', 'organisations.id', 'programmes.organisation_id')
    .innerJoin('actors', 'actors.id', 'applications.actor_id')
    .innerJoin('territories', 'territories.code', 'actors.province_code')
    .select([
      'applications.id',
      'applications.status',
      'applications.eligibility',
      'applications.total_score',
      'applications.rank',
      'applications.waitlist_position',
      sql<Date>`coalesce(applications.decided_at, applications.eligibility_checked_at, applications.updated_at)`.as(
        'decided_at',
      ),
      'calls.reference as call_reference',
      'calls.title_fr as call_title_fr',
      'calls.title_ar as call_title_ar',
      'programmes.reference as programme_reference',
      'programmes.title_fr as programme_title_fr',
      'programmes.title_ar as programme_title_ar',
      'programmes.organisation_id as programme_organisation_id',
      'organisations.name_fr as partner_fr',
      'organisations.name_ar as partner_ar',
      'actors.name_fr as actor_name_fr',
      'actors.name_ar as actor_name_ar',
      'actors.nia',
      'actors.organisation_id as actor_organisation_id',
      'territories.name_fr as province_fr',
      'territories.name_ar as province_ar',
    ])
    .where('applications.id', '=', id)
    .executeTakeFirst();
  const { principal } = ctx;
  const mayRead =
    row !== undefined &&
    // A draft is the applicant's own: its programme's manager does not learn it exists.
    ((row.status !== 'draft' &&
      managesProgramme(principal, { organisation_id: row.programme_organisation_id })) ||
      (principal.role === 'actor' &&
        principal.organisationId !== null &&
        principal.organisationId === row.actor_organisation_id));
  if (!row || !mayRead) throw notFound('Application', id);
  if (!(LETTER_STATUSES as readonly string[]).includes(row.status))
    throw new AppError(
      'NOT_DECIDED',
      `The application is ${row.status}: a decision letter exists once it is selected, waitlisted, rejected or ineligible`,
    );
  const benefit = await db
    .selectFrom('benefits')
    .select(['amount_centimes', 'seats', 'quantity', 'unit'])
    .where('application_id', '=', id)
    .where('status', 'in', ['granted', 'delivered'])
    .executeTakeFirst();
  return {
    reference: letterReference(row.call_reference, row.id),
    applicationId: row.id,
    decision: row.status as LetterDecision,
    decidedOn: new Date(row.decided_at).toISOString().slice(0, 10),
    programme: {
      reference: row.programme_reference,
      titleFr: row.programme_title_fr,
      titleAr: row.programme_title_ar,
      partnerFr: row.partner_fr,
      partnerAr: row.partner_ar,
    },
    call: { reference: row.call_reference, titleFr: row.call_title_fr, titleAr: row.call_title_ar },
    actor: {
      nameFr: row.actor_name_fr,
      nameAr: row.actor_name_ar,
      nia: row.nia,
      provinceFr: row.province_fr,
      provinceAr: row.province_ar,
    },
    totalScore: row.total_score === null ? null : Number(row.total_score),
    rank: row.rank,
    waitlistPosition: row.waitlist_position,
    failedRules: row.status === 'ineligible' ? failed(row.eligibility as EligibilityResult | null) : [],
    benefit: benefit
      ? {
          amountCentimes: benefit.amount_centimes === null ? null : Number(benefit.amount_centimes),
          seats: benefit.seats,
          quantity: benefit.quantity === null ? null : Number(benefit.quantity),
          unit: benefit.unit,
        }
      : null,
  };
}
