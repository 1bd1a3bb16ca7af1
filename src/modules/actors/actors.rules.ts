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
