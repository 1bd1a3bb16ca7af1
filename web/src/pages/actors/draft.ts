/**
 * The form's copy of a record: every field as the inputs hold it (text, or a boolean for the two
 * flags), and the conversions to the API's create and update bodies.
 */
import type { Actor, ActorCreate, ActorKind, ActorStatus, ActorUpdate } from './actors.api';
import { COUNT_FIELDS, type CountField, IDENTIFIER_FIELDS, PERSON_KINDS, parseNumber } from './fields';

const TEXT_FIELDS = [
  'nameFr',
  'nameAr',
  ...IDENTIFIER_FIELDS,
  'provinceCode',
  'commune',
  'address',
  'branchCode',
  'activityCode',
  'foundedOn',
  'legalStatus',
  'birthDate',
  'phone',
  'email',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const NUMBER_FIELDS = ['latitude', 'longitude', ...COUNT_FIELDS] as const;
type NumberField = 'latitude' | 'longitude' | CountField;

/** A yes/no the registry may not know: '' is "not known". */
export type Known<T extends string> = '' | T;

export type Draft = { kind: ActorKind; womenLed: boolean; coastal: boolean } & Record<TextField, string> &
  Record<NumberField, string> & { status: ActorStatus; statusReason: string; statusChangedOn: string } & {
    sex: Known<'female' | 'male'>;
    hasDisability: Known<'yes' | 'no'>;
  };
export type DraftTextKey = Exclude<
  keyof Draft,
  'kind' | 'womenLed' | 'coastal' | 'status' | 'sex' | 'hasDisability'
>;

export function emptyDraft(): Draft {
  const blank = Object.fromEntries([...TEXT_FIELDS, ...NUMBER_FIELDS].map((f) => [f, '']));
  return {
    ...(blank as Record<TextField | NumberField, string>),
    kind: 'cooperative',
    womenLed: false,
    coastal: false,
    status: 'active',
    statusReason: '',
    statusChangedOn: '',
    sex: '',
    hasDisability: '',
  };
}

export function draftFromActor(actor: Actor): Draft {
  const draft = emptyDraft();
  for (const field of TEXT_FIELDS) draft[field] = actor[field] ?? '';
  for (const field of NUMBER_FIELDS) {
    const value = actor[field];
    draft[field] = value === null ? '' : String(value);
  }
  return {
    ...draft,
    kind: actor.kind,
    womenLed: actor.womenLed,
    coastal: actor.coastal,
    status: actor.status,
    statusReason: actor.statusReason ?? '',
    statusChangedOn: actor.statusChangedOn ?? '',
    sex: actor.sex ?? '',
    hasDisability: actor.hasDisability === null ? '' : actor.hasDisability ? 'yes' : 'no',
  };
}

type Values = Omit<ActorCreate, 'kind' | 'provinceCode'>;

/** The typed values of a draft, `null` for blanks; numbers that do not parse are reported by field. */
export function draftValues(draft: Draft): { values: Values; invalid: string[] } {
  const values: Record<string, string | number | boolean | null> = {};
  const invalid: string[] = [];
  for (const field of TEXT_FIELDS) {
    if (field === 'provinceCode') continue;
    values[field] = draft[field].trim() || null;
  }
  for (const field of NUMBER_FIELDS) {
    const parsed = parseNumber(draft[field]);
    if (parsed === 'invalid') invalid.push(field);
    else values[field] = parsed;
  }
  values.womenLed = draft.womenLed;
  values.coastal = draft.coastal;
  // An organisation has no person facts: a record that stops being an artisan's clears them.
  const person = PERSON_KINDS.includes(draft.kind);
  values.sex = person ? draft.sex || null : null;
  values.hasDisability = person && draft.hasDisability ? draft.hasDisability === 'yes' : null;
  if (!person) values.birthDate = null;
  return { values: values as Values, invalid };
}

/** A new record: blank fields are left out. */
export function createBody(draft: Draft): { body: ActorCreate; invalid: string[] } {
  const { values, invalid } = draftValues(draft);
  const present = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
  return { body: { ...present, kind: draft.kind, provinceCode: draft.provinceCode }, invalid };
}

/**
 * An edit sends only what changed (a blank clears the stored value) and the version it started
 * from, so the server can refuse it if someone else saved in between.
 */
export function updateBody(
  draft: Draft,
  initial: Actor,
  canSetStatus: boolean,
): { body: ActorUpdate; invalid: string[]; changed: string[] } {
  const { values, invalid } = draftValues(draft);
  const body: Record<string, unknown> = {};
  const original = initial as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(values)) {
    if (value !== (original[field] ?? null)) body[field] = value;
  }
  if (draft.kind !== initial.kind) body.kind = draft.kind;
  if (draft.provinceCode !== initial.provinceCode) body.provinceCode = draft.provinceCode;
  if (canSetStatus) {
    if (draft.status !== initial.status) body.status = draft.status;
    const reason = draft.statusReason.trim() || null;
    if (reason !== initial.statusReason) body.statusReason = reason;
    const on = draft.statusChangedOn || null;
    if (on !== initial.statusChangedOn) body.statusChangedOn = on;
  }
  const changed = Object.keys(body);
  return { body: { ...(body as ActorUpdate), version: initial.version }, invalid, changed };
}

/** The part of a draft the duplicate check looks at; `null` until a name and a province are given. */
export function duplicateProbe(draft: Draft): ActorCreate | null {
  const nameFr = draft.nameFr.trim();
  const nameAr = draft.nameAr.trim();
  if ((!nameFr && !nameAr) || !draft.provinceCode) return null;
  const probe: ActorCreate = { kind: draft.kind, provinceCode: draft.provinceCode };
  if (nameFr) probe.nameFr = nameFr;
  if (nameAr) probe.nameAr = nameAr;
  if (draft.commune.trim()) probe.commune = draft.commune.trim();
  if (/^\+?[0-9 ().-]{6,20}$/.test(draft.phone.trim())) probe.phone = draft.phone.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) probe.email = draft.email.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(draft.foundedOn)) probe.foundedOn = draft.foundedOn;
  if (draft.branchCode) probe.branchCode = draft.branchCode;
  return probe;
}
