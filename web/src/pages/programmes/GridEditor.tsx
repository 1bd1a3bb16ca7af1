import { Button, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface CriterionRow {
  code: string;
  labelFr: string;
  labelAr: string;
  weight: string;
  max: string;
  /** Not edited here, kept as saved. */
  labelEn?: string;
}

export const EMPTY_CRITERION: CriterionRow = { code: '', labelFr: '', labelAr: '', weight: '1', max: '20' };

/** The rows as the API's scoring grid (numbers as typed: the server says what is wrong, and where). */
export function gridOf(rows: CriterionRow[]) {
  const number = (text: string) => {
    const n = Number(text.replace(',', '.'));
    return text.trim() === '' || Number.isNaN(n) ? -1 : n;
  };
  return rows.map((row) => ({
    code: row.code.trim(),
    labelFr: row.labelFr.trim(),
    ...(row.labelAr.trim() ? { labelAr: row.labelAr.trim() } : {}),
    ...(row.labelEn ? { labelEn: row.labelEn } : {}),
    weight: number(row.weight),
    max: number(row.max),
  }));
}

/** A saved grid as rows, for editing a call. */
export function criterionRowsOf(
  grid: readonly {
    code: string;
    labelFr: string;
    labelAr?: string | null;
    labelEn?: string | null;
    weight: number;
    max: number;
  }[],
): CriterionRow[] {
  return grid.map((c) => ({
    code: c.code,
    labelFr: c.labelFr,
    labelAr: c.labelAr ?? '',
    weight: String(c.weight),
    max: String(c.max),
    ...(c.labelEn ? { labelEn: c.labelEn } : {}),
  }));
}

/** The call's scoring grid as rows, each server error (`scoringGrid/<i>/<part>`) at its input. */
export function GridEditor({
  rows,
  setRows,
  errors,
}: {
  rows: CriterionRow[];
  setRows: (update: (current: CriterionRow[]) => CriterionRow[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<CriterionRow>) =>
    setRows((current) => current.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const input = (
    i: number,
    part: Exclude<keyof CriterionRow, 'labelEn'>,
    label: string,
    extra: { dir?: 'ltr' | 'rtl' } = {},
  ) => (
    <TextInput
      name={`grid.${i}.${part}`}
      label={label}
      value={rows[i]?.[part] ?? ''}
      error={errors[`scoringGrid/${i}/${part}`]}
      {...extra}
      onChange={(event) => update(i, { [part]: event.currentTarget.value })}
    />
  );
  return (
    <>
      {rows.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, identified by their position
        <fieldset key={i} data-testid={`criterion-row-${i}`} className="rule-row">
          <legend>{t('programme.criterionRow', { n: String(i + 1) })}</legend>
          <Group align="flex-start" gap="sm">
            {input(i, 'code', t('programme.criterionCode'), { dir: 'ltr' })}
            {input(i, 'labelFr', t('programme.titleFr'))}
            {input(i, 'labelAr', t('programme.titleAr'), { dir: 'rtl' })}
            {input(i, 'weight', t('programme.criterionWeight'))}
            {input(i, 'max', t('programme.criterionMax'))}
            <Button
              variant="subtle"
              color="red"
              mt={24}
              onClick={() => setRows((current) => current.filter((__, j) => j !== i))}
            >
              {t('programme.removeRule')}
            </Button>
          </Group>
        </fieldset>
      ))}
      <Group>
        <Button variant="default" onClick={() => setRows((current) => [...current, { ...EMPTY_CRITERION }])}>
          {t('programme.addCriterion')}
        </Button>
      </Group>
    </>
  );
}
