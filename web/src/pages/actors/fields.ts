/**
 * The closed lists of the registry (kinds, statuses, duplicate reasons...) and how an actor's fields
 * are grouped on the detail page and the form. Labels are i18n keys `actorField.<field>`.
 */
import type { ActorKind, ActorStatus } from './actors.api';

export const ACTOR_KINDS: readonly ActorKind[] = [
  'artisan',
  'master_artisan',
  'cooperative',
  'association',
  'mutual',
  'ess_enterprise',
];

export const ACTOR_STATUSES: readonly ActorStatus[] = ['active', 'suspended', 'dissolved'];

export const DUPLICATE_REASONS = [
  'same_identifier',
  'similar_name',
  'same_phone',
  'same_email',
  'same_commune',
  'same_founding_year',
  'same_kind',
  'same_branch',
] as const;

/** Review flags the server sets on a record kept with a doubt. */
export const REVIEW_FLAGS = ['ice_checksum', 'cin_format'] as const;

export const IDENTIFIER_FIELDS = [
  'nia',
  'cin',
  'ice',
  'rcNumber',
  'rcCourt',
  'ifNumber',
  'coopRegisterNumber',
  'associationReceipt',
] as const;

export const COUNT_GROUPS = ['members', 'employees'] as const;
export const COUNT_PARTS = ['Women', 'Men', 'Youth', 'Disabled', 'Elderly'] as const;
export type CountField = `${(typeof COUNT_GROUPS)[number]}${(typeof COUNT_PARTS)[number]}`;
export const COUNT_FIELDS: readonly CountField[] = COUNT_GROUPS.flatMap((g) =>
  COUNT_PARTS.map((p): CountField => `${g}${p}`),
);

/** Facts only a person (artisan, master artisan) has; the server refuses them on organisations. */
export const PERSON_FIELDS = ['sex', 'birthDate', 'hasDisability'] as const;
export const PERSON_KINDS: readonly ActorKind[] = ['artisan', 'master_artisan'];

/** Fields an actor (role `actor`) changes only through a change request: names and identifiers. */
export const PROTECTED_FIELDS: readonly string[] = ['kind', 'nameFr', 'nameAr', ...IDENTIFIER_FIELDS];

/** Every field with a label, in display order. */
export const ALL_FIELDS = [
  'kind',
  'nameFr',
  'nameAr',
  ...IDENTIFIER_FIELDS,
  'provinceCode',
  'regionCode',
  'commune',
  'address',
  'latitude',
  'longitude',
  'branchCode',
  'activityCode',
  'foundedOn',
  'legalStatus',
  ...PERSON_FIELDS,
  'womenLed',
  'coastal',
  ...COUNT_FIELDS,
  'phone',
  'email',
  'status',
  'statusReason',
  'statusChangedOn',
] as const;
export type LabelledField = (typeof ALL_FIELDS)[number];

export function isLabelledField(field: string): field is LabelledField {
  return (ALL_FIELDS as readonly string[]).includes(field);
}

/** A number typed in a form field: `null` when blank, `'invalid'` when not a number. */
export function parseNumber(value: string): number | null | 'invalid' {
  const trimmed = value.trim().replace(',', '.');
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : 'invalid';
}

/**
 * Warnings (a value kept with a doubt, look-alike records) in a dark orange: Mantine's orange-9 on
 * white is 4.3:1, under WCAG AA; this one is above 7:1.
 */
export const WARNING_COLOR = '#9a3412';
