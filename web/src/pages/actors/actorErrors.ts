/**
 * The registry's own validation messages (`/body/ice`: "an ICE has exactly 15 digits"...) in the UI
 * language, at their field. Anything not recognised keeps the generic wording of `fieldMessages`.
 */
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/errors';
import { fieldMessages } from '../../components/errorMessage';

const DETAILS: Array<{
  pattern: RegExp;
  key: string;
  vars?: (m: RegExpMatchArray) => Record<string, string>;
}> = [
  { pattern: /give the name in Latin script, in Arabic script, or both/, key: 'nameRequired' },
  { pattern: /an ICE has exactly 15 digits/, key: 'iceDigits' },
  { pattern: /a CIN has only letters and digits/, key: 'cinChars' },
  { pattern: /must be 1 to 30 letters and digits/, key: 'codeChars' },
  { pattern: /a CIN identifies a person/, key: 'cinPerson' },
  { pattern: /only cooperatives have a cooperative register number/, key: 'coopOnly' },
  { pattern: /only associations have a declaration receipt/, key: 'associationOnly' },
  { pattern: /an RC number needs the court/, key: 'rcCourt' },
  { pattern: /unknown province code|is a region: give the province/, key: 'province' },
  { pattern: /unknown activity|belongs to branch/, key: 'activity' },
  { pattern: /unknown branch/, key: 'branch' },
  {
    pattern: /cannot exceed the \w+ counted \((\d+)\)/,
    key: 'countExceeds',
    vars: (m) => ({ n: m[1] ?? '' }),
  },
  { pattern: /cannot be in the future/, key: 'future' },
  { pattern: /give both latitude and longitude/, key: 'latLng' },
  { pattern: /only artisans and master artisans have a sex/, key: 'personOnly' },
  { pattern: /cannot be before 1900/, key: 'before1900' },
  { pattern: /must be at least 15 years old/, key: 'tooYoung' },
  { pattern: /outside your territory/, key: 'outsideTerritory' },
  { pattern: /give the reason the record is/, key: 'statusReason' },
  { pattern: /already registered for actor/, key: 'identifierTaken' },
  { pattern: /must be (?:integer|an integer)|must be >= 0|Expected integer/i, key: 'integer' },
];

export function actorFieldMessages(t: TFunction, error: unknown): Record<string, string> {
  const messages = fieldMessages(t, error);
  if (!isApiError(error)) return messages;
  for (const [field, detail] of Object.entries(error.fieldErrors())) {
    const known = DETAILS.find((d) => d.pattern.test(detail));
    if (!known) continue;
    const match = detail.match(known.pattern);
    messages[field] = t(`actorError.${known.key}`, match && known.vars ? known.vars(match) : {});
  }
  return messages;
}
