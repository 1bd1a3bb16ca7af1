import type { FieldError } from '../../shared/errors.js';

/**
 * Identifier rules from the brief. Some failures reject the value; others keep it with a warning and a
 * review flag, because the real-world numbers do not always follow the published pattern.
 */
export interface IdentifierCheck {
  errors: FieldError[];
  warnings: FieldError[];
  reviewFlags: string[];
}

/** Upper case without spaces, dots, dashes or slashes: how identifiers are stored and compared. */
export function reduceIdentifier(value: string): string {
  return value.toUpperCase().replace(/[\s./-]+/g, '');
}

/**
 * ICE: 15 digits (9 entity + 4 establishment + 2 control). The numbers seen in practice are divisible
 * by 97, which is not officially documented: a number that is not gets a warning, never a rejection.
 */
export function checkIce(ice: string, pointer: string, check: IdentifierCheck): void {
  if (!/^[0-9]{15}$/.test(ice)) {
    check.errors.push({ pointer, detail: 'an ICE has exactly 15 digits' });
    return;
  }
  if (BigInt(ice) % 97n !== 0n) {
    check.warnings.push({
      pointer,
      detail: 'this ICE is not divisible by 97, as real ICE numbers are: check it',
    });
    check.reviewFlags.push('ice_checksum');
  }
}

/** CIN: letters then digits; no official pattern, so anything else is kept and flagged for review. */
export function checkCin(cin: string, pointer: string, check: IdentifierCheck): void {
  if (!/^[A-Z0-9]{1,12}$/.test(cin)) {
    check.errors.push({ pointer, detail: 'a CIN has only letters and digits (at most 12)' });
    return;
  }
  if (!/^[A-Z]{1,2}[0-9]{1,6}$/.test(cin)) {
    check.warnings.push({
      pointer,
      detail: 'a CIN usually reads one or two letters then up to six digits: check it',
    });
    check.reviewFlags.push('cin_format');
  }
}

/** NIA, RC, IF, register and receipt numbers: short codes of letters and digits. */
export function checkCode(value: string, pointer: string, check: IdentifierCheck, label: string): void {
  if (!/^[A-Z0-9]{1,30}$/.test(value)) {
    check.errors.push({ pointer, detail: `${label} must be 1 to 30 letters and digits` });
  }
}

/** The oldest birth date the registry takes: earlier is a typing slip (1090 for 1990), not a person. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';
/** Moroccan minimum working age (Code du travail, art. 143): younger is not an artisan on the register. */
export const MINIMUM_AGE = 15;

export interface PersonFacts {
  sex: 'female' | 'male' | null;
  birthDate: string | null;
  hasDisability: boolean | null;
}

/**
 * For an artisan, "women-led" means the artisan is a woman (the programmes' indicators read it so):
 * a recorded sex that says otherwise is kept, with a warning to check both.
 */
export function womenLedDisagrees(facts: PersonFacts & { womenLed: boolean }, isPerson: boolean): boolean {
  return isPerson && facts.sex !== null && facts.womenLed !== (facts.sex === 'female');
}

/**
 * Sex, birth date and disability describe a person: an organisation has none (its members are
 * counted instead), so they are refused there rather than dropped. A birth date must be from 1900,
 * not in the future, and at least `MINIMUM_AGE` years before `today` (the day the record is saved).
 */
export function checkPersonFacts(
  facts: PersonFacts,
  isPerson: boolean,
  at: (field: keyof PersonFacts) => string,
  today: string = new Date().toISOString().slice(0, 10),
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPerson) {
    for (const field of ['sex', 'birthDate', 'hasDisability'] as const) {
      if (facts[field] !== null)
        errors.push({
          pointer: at(field),
          detail: 'only artisans and master artisans have a sex, a birth date or a disability',
        });
    }
    return errors;
  }
  const born = facts.birthDate;
  if (born === null) return errors;
  const [year, rest] = [Number(today.slice(0, 4)), today.slice(4)];
  const latest = `${String(year - MINIMUM_AGE).padStart(4, '0')}${rest}`;
  if (born > today) errors.push({ pointer: at('birthDate'), detail: 'cannot be in the future' });
  else if (born < EARLIEST_BIRTH_DATE)
    errors.push({ pointer: at('birthDate'), detail: 'cannot be before 1900' });
  else if (born > latest)
    errors.push({
      pointer: at('birthDate'),
      detail: `the person must be at least ${MINIMUM_AGE} years old (born on or before ${latest})`,
    });
  return errors;
}
