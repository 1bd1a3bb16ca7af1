/**
 * Field errors of the programme manager forms (programme, call, quotas, benefits), keyed by their
 * pointer under /body like `pointerMessages`. The programmes API words its own checks in English
 * (`bundle is counted in whole numbers`); the ones these forms can meet get fr/ar/en wording here,
 * the others keep the shared translations (conventions/formErrors.ts) or the server's words.
 */
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/errors';
import { pointerMessages } from '../conventions/formErrors';

const DETAILS: Array<{ pattern: RegExp; key: string }> = [
  { pattern: /counted in whole numbers|must be a whole number of/, key: 'whole' },
  { pattern: /at most (three|3) decimals/, key: 'decimals' },
  { pattern: /already allocated/, key: 'belowAllocated' },
  { pattern: /at most two decimals of a percent/, key: 'shareDecimals' },
  { pattern: /reserved shares add up to more than 100/, key: 'sharesOver' },
  { pattern: /is used twice/, key: 'codeTwice' },
  { pattern: /a choice lists its options/, key: 'choiceOptions' },
  { pattern: /is below min/, key: 'belowMin' },
  { pattern: /closes at or before it opens/, key: 'closesBeforeOpens' },
  { pattern: /above its budget|above the programme's capacity/, key: 'aboveProgramme' },
  { pattern: /only raw-material programmes/, key: 'onlyRawMaterial' },
  { pattern: /exceeds what is left|more than what is left/, key: 'moreThanLeft' },
  { pattern: /a disbursement needs an amount/, key: 'amountNeeded' },
  { pattern: /a delivery needs a quantity or a note/, key: 'deliveryNeeds' },
  { pattern: /must be > 0|exclusiveMinimum|greater than 0/, key: 'positive' },
  { pattern: /must be <=|less or equal|maximum/, key: 'tooLarge' },
];

/** `{ 'reservedShares/1/minShare': 'message', quantity: 'message' }` for a failed save. */
export function programmeFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  const out = pointerMessages(t, error);
  if (!isApiError(error)) return out;
  for (const e of error.errors) {
    if (!e.pointer.startsWith('/body/')) continue;
    const known = DETAILS.find((d) => d.pattern.test(e.detail));
    if (known) out[e.pointer.slice('/body/'.length)] = t(`programmeManage.error.${known.key}`);
  }
  return out;
}
