import type { Kysely } from 'kysely';
import type { Database, OrganisationKind, OrganisationRow, PartnerType } from '../../db/database.js';
import { fieldError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { findTerritory } from '../territory/territory.repository.js';
import * as orgRepo from './organisations.repository.js';

export interface OrganisationInput {
  kind: OrganisationKind;
  partnerType?: PartnerType | null;
  nameFr: string;
  nameAr?: string | null;
  acronym?: string | null;
  territoryCode?: string | null;
}

/** Admins see every organisation; everyone else sees only their own. */
export async function listOrganisations(
  db: Kysely<Database>,
  ctx: Context,
  filter: { kind: OrganisationKind | null },
): Promise<OrganisationRow[]> {
  const onlyId = ctx.principal.role === 'admin' ? null : ctx.principal.organisationId;
  if (ctx.principal.role !== 'admin' && !onlyId) return [];
  return orgRepo.listOrganisations(db, { onlyId, kind: filter.kind });
}

/** A miss and an organisation outside the caller's reach look the same: not found. */
export async function getOrganisation(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
): Promise<OrganisationRow> {
  const organisation = await orgRepo.findOrganisationById(db, id);
  const visible = ctx.principal.role === 'admin' || ctx.principal.organisationId === id;
  if (!organisation || !visible) throw notFound('Organisation', id);
  return organisation;
}

async function checkInput(db: Kysely<Database>, input: Partial<OrganisationInput>, selfId: string | null) {
  if (input.nameFr !== undefined) {
    const same = await orgRepo.findOrganisationByName(db, input.nameFr.trim());
    if (same && same.id !== selfId) {
      throw fieldError('/body/nameFr', `an organisation is already named "${same.name_fr}"`, 'NAME_TAKEN');
    }
  }
  if (input.territoryCode && !(await findTerritory(db, input.territoryCode))) {
    throw fieldError('/body/territoryCode', `unknown territory code ${input.territoryCode}`);
  }
}

export async function createOrganisation(
  db: Kysely<Database>,
  ctx: Context,
  input: OrganisationInput,
  options: { isDemo?: boolean } = {},
): Promise<OrganisationRow> {
  await checkInput(db, input, null);
  if (input.kind === 'directorate' && !input.territoryCode) {
    throw fieldError('/body/territoryCode', 'a regional or provincial directorate needs its territory');
  }
  if (input.partnerType && input.kind !== 'partner') {
    throw fieldError('/body/partnerType', 'only partner institutions have a partner type');
  }
  return db.transaction().execute(async (trx) => {
    const created = await orgRepo.insertOrganisation(trx, {
      kind: input.kind,
      partner_type: input.partnerType ?? null,
      name_fr: input.nameFr.trim(),
      name_ar: input.nameAr?.trim() || null,
      acronym: input.acronym?.trim() || null,
      territory_code: input.territoryCode ?? null,
      is_demo: options.isDemo ?? false,
    });
    await recordAudit(trx, ctx, {
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

export async function updateOrganisation(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  input: Partial<OrganisationInput>,
): Promise<OrganisationRow> {
  await checkInput(db, input, id);
  return db.transaction().execute(async (trx) => {
    const before = await orgRepo.findOrganisationById(trx, id);
    if (!before) throw notFound('Organisation', id);
    const kind = input.kind ?? before.kind;
    const territoryCode = input.territoryCode === undefined ? before.territory_code : input.territoryCode;
    if (kind === 'directorate' && !territoryCode) {
      throw fieldError('/body/territoryCode', 'a regional or provincial directorate needs its territory');
    }
    const partnerType =
      kind !== 'partner' ? null : input.partnerType === undefined ? before.partner_type : input.partnerType;
    if (input.partnerType && kind !== 'partner') {
      throw fieldError('/body/partnerType', 'only partner institutions have a partner type');
    }
    const after = await orgRepo.updateOrganisation(trx, id, {
      kind,
      partner_type: partnerType,
      name_fr: input.nameFr?.trim() ?? before.name_fr,
      name_ar: input.nameAr === undefined ? before.name_ar : input.nameAr?.trim() || null,
      acronym: input.acronym === undefined ? before.acronym : input.acronym?.trim() || null,
      territory_code: territoryCode,
    });
    await recordAudit(trx, ctx, {
      action: 'organisation.updated',
      entityType: 'organisation',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
