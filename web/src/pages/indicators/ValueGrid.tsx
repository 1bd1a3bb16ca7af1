import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { type Cell, cellKey, cellsFor, gridLayout, orderedDimensions } from './cells';

/** What is typed in one cell (text, so that a half-typed number stays as typed). */
export interface CellDraft {
  value: string;
  numerator: string;
  denominator: string;
}
export const EMPTY_CELL: CellDraft = { value: '', numerator: '', denominator: '' };

interface ValueGridProps {
  disaggregations: readonly string[];
  ratio: boolean;
  values: Record<string, CellDraft>;
  onChange?: (key: string, draft: CellDraft) => void;
  /** Messages by pointer under /body (`values/3/value`), the index being the cell's in cellsFor order. */
  errors: Record<string, string>;
  readOnly: boolean;
  lang: Language;
}

/**
 * One input per combination of the indicator's disaggregations (two for a ratio: numerator and
 * denominator): the rows cross all dimensions but the last, which runs across the columns.
 */
export function ValueGrid({
  disaggregations,
  ratio,
  values,
  onChange,
  errors,
  readOnly,
  lang,
}: ValueGridProps) {
  const { t } = useTranslation();
  const order = cellsFor(disaggregations).map(cellKey);
  const { columnDimension, columns, rows } = gridLayout(disaggregations);
  const rowDims = orderedDimensions(disaggregations).slice(0, -1);
  const rowLabel = (cell: Cell) =>
    rowDims.map((d) => t(`dimensionValue.${d}.${cell[d]}`)).join(' · ') || t('report.allCells');
  const colLabel = (value: string) =>
    columnDimension ? t(`dimensionValue.${columnDimension}.${value}`) : t('report.value');
  const fields: Array<keyof CellDraft> = ratio ? ['numerator', 'denominator'] : ['value'];

  return (
    <table className="value-grid" data-testid="value-grid">
      <caption className="visually-hidden">{t('report.gridCaption')}</caption>
      <thead>
        <tr>
          <td />
          {columns.map((c) => (
            <th key={c} scope="col">
              {colLabel(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={cellKey(row)}>
            <th scope="row">{rowLabel(row)}</th>
            {columns.map((c) => {
              const cell: Cell = columnDimension ? { ...row, [columnDimension]: c } : row;
              const key = cellKey(cell);
              const index = order.indexOf(key);
              const draft = values[key] ?? EMPTY_CELL;
              const label = [rowDims.length > 0 ? rowLabel(row) : '', columnDimension ? colLabel(c) : '']
                .filter(Boolean)
                .join(' · ');
              return (
                <td key={c}>
                  {fields.map((field) => {
                    const name = `values.${index}.${field}`;
                    const error =
                      errors[`values/${index}/${field}`] ??
                      (field === fields[0] ? errors[`values/${index}`] : undefined);
                    const fieldLabel = ratio ? t(`report.${field}`) : t('report.value');
                    return readOnly ? (
                      <div key={field} data-cell={key}>
                        {ratio && `${fieldLabel} : `}
                        {draft[field] === '' ? '—' : formatNumber(Number(draft[field]), lang)}
                      </div>
                    ) : (
                      <TextInput
                        key={field}
                        name={name}
                        data-cell={key}
                        aria-label={label ? `${fieldLabel} — ${label}` : fieldLabel}
                        label={ratio ? fieldLabel : undefined}
                        inputMode="decimal"
                        dir="ltr"
                        size="xs"
                        w={ratio ? 110 : 120}
                        value={draft[field]}
                        onChange={(event) =>
                          onChange?.(key, { ...draft, [field]: event.currentTarget.value })
                        }
                        error={error}
                      />
                    );
                  })}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The typed grid as the API's cells, in cellsFor order; null with the keys of the cells left empty or not numbers. */
export function cellsFromDrafts(
  disaggregations: readonly string[],
  ratio: boolean,
  values: Record<string, CellDraft>,
  /** 100 for an amount in MAD typed in dirhams and sent in centimes; else 1. */
  scale = 1,
): {
  cells: Array<{ key: string; cell: Cell; value?: number; numerator?: number; denominator?: number }>;
  invalid: string[];
} {
  const invalid: string[] = [];
  const cells = cellsFor(disaggregations).map((cell, index) => {
    const key = cellKey(cell);
    const draft = values[key] ?? EMPTY_CELL;
    const read = (field: keyof CellDraft) => {
      const text = draft[field].replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) invalid.push(`values/${index}/${field}`);
      return n;
    };
    return ratio
      ? { key, cell, numerator: read('numerator'), denominator: read('denominator') }
      : { key, cell, value: Math.round(read('value') * scale * 1e6) / 1e6 };
  });
  return { cells, invalid };
}

/** Amounts in MAD are typed in dirhams and stored in centimes; ratios and other units as they are. */
export function valueScale(indicator: { unit: string; aggregation: string }): number {
  return indicator.unit === 'mad' && indicator.aggregation !== 'ratio' ? 100 : 1;
}
