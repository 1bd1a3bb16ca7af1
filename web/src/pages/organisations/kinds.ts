import type { Organisation, OrganisationKind } from '../../api/types';

export type PartnerType = NonNullable<Organisation['partnerType']>;

export const ORGANISATION_KINDS = [
  'state_secretariat',
  'partner',
  'directorate',
  'chamber',
  'actor',
] as const satisfies readonly OrganisationKind[];

export const PARTNER_TYPES = [
  'ministry',
  'agency',
  'university',
  'bank',
  'guarantee_fund',
  'training',
  'standards',
  'industrial_property',
  'export',
  'federation',
  'other',
] as const satisfies readonly PartnerType[];

// Compile-time check that the lists above name every value the API schema allows.
type Missing =
  | Exclude<OrganisationKind, (typeof ORGANISATION_KINDS)[number]>
  | Exclude<PartnerType, (typeof PARTNER_TYPES)[number]>;
export const LISTS_ARE_COMPLETE: [Missing] extends [never] ? true : Missing = true;
