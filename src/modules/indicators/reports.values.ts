import type { Disaggregation, IndicatorAggregation, IndicatorUnit } from '../../db/database.js';
import type { FieldError } from '../../shared/errors.js';

/**
 * The cells of a report: one value per combination of the indicator's disaggregations. Pure rules,
 * shared by submission and correction, tested on their own.
 */

/** The concrete values of each dimension ('all' is what a dimension the indicator lacks holds). */
export const DIMENSION_VALUES = {
  sex: ['female', 'male'],
  age_band: ['youth', 'adult', 'elderly'],
  disability: ['yes', 'no'],
  area: ['urban', 'rural'],
  coastal: ['yes', 'no'],
} as const satisfies Record<Disaggregation, readonly string[]>;

export const DIMENSIONS = [
  'sex',
  'age_band',
  'disability',
  'area',
  'coastal',
] as const satisfies readonly Disaggregation[];

/** The API's field name of each dimension (camelCase). */
export const FIELD_OF: Record<Disaggregation, 'sex' | 'ageBand' | 'disability' | 'area' | 'coastal'> = {
  sex: 'sex',
  age_band: 'ageBand',
  disability: 'disability',
  area: 'area',
  coastal: 'coastal',
};

/** One cell as the API receives it (already checked against the JSON schema). */
export interface CellInput {
  sex?: 'all' | 'female' | 'male' | undefined;
  ageBand?: 'all' | 'youth' | 'adult' | 'elderly' | undefined;
  disability?: 'all' | 'yes' | 'no' | undefined;
  area?: 'all' | 'urban' | 'rural' | undefined;
  coastal?: 'all' | 'yes' | 'no' | undefined;
  value?: number | null | undefined;
  numerator?: number | null | undefined;
  denominator?: number | null | undefined;
}

/** One cell as stored (indicator_report_values, indicator_facts). */
export interface Cell {
  sex: 'all' | 'female' | 'male';
  age_band: 'all' | 'youth' | 'adult' | 'elderly';
  disability: 'all' | 'yes' | 'no';
  area: 'all' | 'urban' | 'rural';
  coastal: 'all' | 'yes' | 'no';
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface IndicatorShape {
  code: string;
  unit: IndicatorUnit;
  aggregation: IndicatorAggregation;
  disaggregations: Disaggregation[];
}

/** Units counted in whole numbers: people, actors, and money (integer centimes). */
const WHOLE_UNITS: ReadonlySet<IndicatorUnit> = new Set(['persons', 'actors', 'mad']);

/** Every combination a report must give, in a stable order. */
export function expectedCombinations(
  dimensions: readonly Disaggregation[],
): Array<Record<Disaggregation, string>> {
  let combos: Array<Record<Disaggregation, string>> = [
    { sex: 'all', age_band: 'all', disability: 'all', area: 'all', coastal: 'all' },
  ];
  for (const dimension of DIMENSIONS) {
    if (!dimensions.includes(dimension)) continue;
    combos = combos.flatMap((combo) =>
      DIMENSION_VALUES[dimension].map((value) => ({ ...combo, [dimension]: value })),
    );
  }
  return combos;
}

const comboKey = (cell: Record<Disaggregation, string>) => DIMENSIONS.map((d) => cell[d]).join('|');

function describeCombo(combo: Record<Disaggregation, string>, dimensions: readonly Disaggregation[]): string {
  return dimensions.length === 0
    ? 'the total'
    : dimensions.map((d) => `${FIELD_OF[d]}=${combo[d]}`).join(', ');
}

function checkNumber(
  errors: FieldError[],
  pointer: string,
  value: number | null | undefined,
  whole: boolean,
): value is number {
  if (value === undefined || value === null) {
    errors.push({ pointer, detail: 'is required' });
    return false;
  }
  if (!Number.isFinite(value) || value < 0) {
    errors.push({ pointer, detail: 'must be a number, zero or more' });
    return false;
  }
  if (whole && !Number.isInteger(value)) {
    errors.push({ pointer, detail: 'must be a whole number' });
    return false;
  }
  return true;
}

/**
 * Checks a report's cells against the indicator and returns them as stored, or the located
 * problems (`/body/values/3/ageBand`, a repeated combination at `/body/values/5`, missing ones at
 * `/body/values`). A ratio needs numerator and denominator (a denominator of 0 is accepted: the
 * value is "not available"); the other aggregations need `value`.
 */
export function checkCells(
  indicator: IndicatorShape,
  cells: CellInput[],
  pointerBase = '/body/values',
): { cells: Cell[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Cell[] = [];
  const seen = new Map<string, number>();
  const dimensions = indicator.disaggregations;
  const whole = WHOLE_UNITS.has(indicator.unit) || indicator.aggregation === 'count';
  cells.forEach((input, index) => {
    const at = `${pointerBase}/${index}`;
    const before = errors.length;
    const combo = { sex: 'all', age_band: 'all', disability: 'all', area: 'all', coastal: 'all' } as Record<
      Disaggregation,
      string
    >;
    for (const dimension of DIMENSIONS) {
      const field = FIELD_OF[dimension];
      const given = input[field];
      if (dimensions.includes(dimension)) {
        if (given === undefined || given === 'all') {
          errors.push({
            pointer: `${at}/${field}`,
            detail: `is required: one of ${DIMENSION_VALUES[dimension].join(', ')}`,
          });
        } else combo[dimension] = given;
      } else if (given !== undefined && given !== 'all') {
        errors.push({
          pointer: `${at}/${field}`,
          detail: `indicator ${indicator.code} is not broken down by ${field}: leave it out`,
        });
      }
    }
    let value: number | null = null;
    let numerator: number | null = null;
    let denominator: number | null = null;
    if (indicator.aggregation === 'ratio') {
      if (input.value !== undefined && input.value !== null) {
        errors.push({ pointer: `${at}/value`, detail: 'a ratio is given as numerator and denominator' });
      }
      if (checkNumber(errors, `${at}/numerator`, input.numerator, whole)) numerator = input.numerator;
      if (checkNumber(errors, `${at}/denominator`, input.denominator, whole)) denominator = input.denominator;
    } else {
      for (const field of ['numerator', 'denominator'] as const) {
        if (input[field] !== undefined && input[field] !== null) {
          errors.push({ pointer: `${at}/${field}`, detail: `only ratios have a ${field}: give value` });
        }
      }
      if (checkNumber(errors, `${at}/value`, input.value, whole)) value = input.value;
    }
    if (errors.length > before) return;
    const key = comboKey(combo);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        pointer: at,
        detail: `repeats ${describeCombo(combo, dimensions)}, already given at ${pointerBase}/${first}`,
      });
      return;
    }
    seen.set(key, index);
    out.push({ ...(combo as Pick<Cell, Disaggregation>), value, numerator, denominator });
  });
  const missing = expectedCombinations(dimensions).filter((combo) => !seen.has(comboKey(combo)));
  // Missing combinations are only meaningful once the given cells are right.
  if (errors.length === 0 && missing.length > 0) {
    const listed = missing.slice(0, 6).map((combo) => describeCombo(combo, dimensions));
    errors.push({
      pointer: pointerBase,
      detail: `${missing.length} combination(s) missing: ${listed.join('; ')}${missing.length > 6 ? '; …' : ''}`,
    });
  }
  return { cells: out, errors };
}
