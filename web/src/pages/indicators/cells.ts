/**
 * The value grid of a report: one cell per combination of the indicator's disaggregations (the
 * dimensions it is not broken down by hold 'all'), as the server expects one value per cell.
 */
export const DIMENSIONS = ['sex', 'age_band', 'disability', 'area', 'coastal'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The concrete values of each dimension, in the order the grid shows them. */
export const DIMENSION_VALUES: Record<Dimension, readonly string[]> = {
  sex: ['female', 'male'],
  age_band: ['youth', 'adult', 'elderly'],
  disability: ['yes', 'no'],
  area: ['urban', 'rural'],
  coastal: ['yes', 'no'],
};

export type Cell = Record<Dimension, string>;

const ALL_CELL: Cell = { sex: 'all', age_band: 'all', disability: 'all', area: 'all', coastal: 'all' };

/** The name of each dimension in the API's cells (`ageBand`), as opposed to the indicator's (`age_band`). */
export const CELL_FIELD = {
  sex: 'sex',
  age_band: 'ageBand',
  disability: 'disability',
  area: 'area',
  coastal: 'coastal',
} as const satisfies Record<Dimension, string>;
export type CellField = (typeof CELL_FIELD)[Dimension];

/** A cell as the API takes it: only the indicator's own dimensions. */
export function apiCell(cell: Cell): Partial<Record<CellField, string>> {
  const out: Partial<Record<CellField, string>> = {};
  for (const d of DIMENSIONS) if (cell[d] !== 'all') out[CELL_FIELD[d]] = cell[d];
  return out;
}

/** A cell from the API's shape (`ageBand`...) back to the grid's. */
export function cellFromApi(value: Partial<Record<CellField, string>>): Cell {
  const out: Cell = { ...ALL_CELL };
  for (const d of DIMENSIONS) out[d] = value[CELL_FIELD[d]] ?? 'all';
  return out;
}

export function isDimension(value: string): value is Dimension {
  return (DIMENSIONS as readonly string[]).includes(value);
}

/** The indicator's dimensions in the fixed order of DIMENSIONS, unknown names dropped. */
export function orderedDimensions(disaggregations: readonly string[]): Dimension[] {
  return DIMENSIONS.filter((d) => disaggregations.includes(d));
}

/** Every cell of the grid: the cross product of the dimensions' values (one cell when there are none). */
export function cellsFor(disaggregations: readonly string[]): Cell[] {
  let cells: Cell[] = [{ ...ALL_CELL }];
  for (const dimension of orderedDimensions(disaggregations)) {
    cells = cells.flatMap((cell) =>
      DIMENSION_VALUES[dimension].map((value) => ({ ...cell, [dimension]: value })),
    );
  }
  return cells;
}

/** A stable key of a cell ("sex=female|age_band=youth"), 'all' dimensions left out. */
export function cellKey(cell: Partial<Cell>): string {
  return DIMENSIONS.filter((d) => cell[d] !== undefined && cell[d] !== 'all')
    .map((d) => `${d}=${cell[d]}`)
    .join('|');
}

/**
 * The grid's layout: the last dimension runs across the columns, the others down the rows.
 * With no dimension, one row and one column.
 */
export function gridLayout(disaggregations: readonly string[]): {
  columnDimension: Dimension | null;
  columns: readonly string[];
  rows: Cell[];
} {
  const dims = orderedDimensions(disaggregations);
  const columnDimension = dims.at(-1) ?? null;
  const rows = cellsFor(dims.slice(0, -1));
  return { columnDimension, columns: columnDimension ? DIMENSION_VALUES[columnDimension] : ['all'], rows };
}
