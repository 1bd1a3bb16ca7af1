import type { OrganisationKind } from '../../api/types';

export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'state_secretariat',
  'partner',
  'directorate',
  'chamber',
  'actor',
];
