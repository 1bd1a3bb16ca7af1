import { Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Row, rowsOf, rulesOf } from './PreviewEditor';
import type { ReservedShare } from './programmes.api';
import { RULE_FIELDS, RULE_OPS } from './rules';

/**
 * One reserved share as typed: code, labels, the minimum share in percent ("12,5"), and who counts
 * as one condition of the rule language. A saved rule that is not one condition (nested any/all) is
 * kept as it was (`savedRule`) until the condition is edited.
 */
export interface ShareRow {
  code: string;
  labelFr: string;
  labelAr: string;
  percent: string;
  condition: Row;
  savedRule?: unknown;
}

export const EMPTY_SHARE: ShareRow = {
  code: '',
  labelFr: '',
  labelAr: '',
  percent: '',
  condition: { field: 'women_led', op: '=', value: 'true' },
};

/** The call's shares as rows; a fraction 0.125 reads "12.5". */
export function shareRowsOf(shares: readonly ReservedShare[]): ShareRow[] {
  return shares.map((share) => {
    const condition = rowsOf({ all: [share.rule] })?.[0];
    return {
      code: share.code,
      labelFr: share.labelFr,
      labelAr: share.labelAr ?? '',
      percent: String(Math.round(share.minShare * 10_000) / 100),
      condition: condition ?? EMPTY_SHARE.condition,
      ...(condition ? {} : { savedRule: share.rule }),
    };
  });
}

/**
 * The rows as the API's reserved shares. The percent becomes a fraction without floating-point
 * noise (12.5 → 0.125, not 0.12500000000000003); text that is not a number is sent as -1 so the
 * server says what is wrong, at the row.
 */
export function sharesOf(rows: readonly ShareRow[]) {
  return rows.map((row) => {
    const cleaned = row.percent.trim().replace(',', '.');
    const percent = /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : -1;
    const condition = (rulesOf([row.condition]) as { all: unknown[] }).all[0];
    return {
      code: row.code.trim(),
      labelFr: row.labelFr.trim(),
      ...(row.labelAr.trim() ? { labelAr: row.labelAr.trim() } : {}),
      minShare: percent < 0 ? -1 : Number((percent / 100).toPrecision(12)),
      rule: row.savedRule ?? condition,
    };
  });
}

/** The reserved shares as rows, each server error (`reservedShares/<i>/<part>`) at its input. */
export function CallSharesEditor({
  rows,
  setRows,
  errors,
}: {
  rows: ShareRow[];
  setRows: (update: (current: ShareRow[]) => ShareRow[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<ShareRow>) =>
    setRows((current) => current.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const setCondition = (i: number, patch: Partial<Row>) =>
    setRows((current) =>
      current.map((row, j) => {
        if (j !== i) return row;
        const { savedRule: _kept, ...rest } = row;
        return { ...rest, condition: { ...row.condition, ...patch } };
      }),
    );
  // An error on the rule may point inside it (`rule/value/1`): shown at the part it starts with.
  const ruleError = (i: number, part: 'field' | 'op' | 'value') =>
    Object.entries(errors).find(
      ([p]) =>
        p === `reservedShares/${i}/rule/${part}` ||
        p.startsWith(`reservedShares/${i}/rule/${part}/`) ||
        (part === 'field' && p === `reservedShares/${i}/rule`),
    )?.[1];
  const text = (i: number, part: 'code' | 'labelFr' | 'labelAr', label: string, dir?: 'ltr' | 'rtl') => (
    <TextInput
      name={`shares.${i}.${part}`}
      label={label}
      value={rows[i]?.[part] ?? ''}
      error={errors[`reservedShares/${i}/${part}`]}
      {...(dir ? { dir } : {})}
      onChange={(event) => update(i, { [part]: event.currentTarget.value })}
    />
  );
  return (
    <>
      {errors.reservedShares && (
        <Text c="red.8" role="alert" data-testid="shares-error">
          {errors.reservedShares}
        </Text>
      )}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, identified by their position
        <fieldset key={i} data-testid={`share-row-${i}`} className="rule-row">
          <legend>{t('programmeManage.shareRow', { n: String(i + 1) })}</legend>
          <Group align="flex-start" gap="sm">
            {text(i, 'code', t('programme.criterionCode'), 'ltr')}
            {text(i, 'labelFr', t('programme.titleFr'))}
            {text(i, 'labelAr', t('programme.titleAr'), 'rtl')}
            <TextInput
              name={`shares.${i}.percent`}
              label={t('programmeManage.minPercent')}
              inputMode="decimal"
              value={row.percent}
              error={errors[`reservedShares/${i}/minShare`]}
              onChange={(event) => update(i, { percent: event.currentTarget.value })}
            />
          </Group>
          <Group align="flex-start" gap="sm" mt="xs">
            <NativeSelect
              name={`shares.${i}.field`}
              label={t('programmeManage.whoCounts')}
              value={row.condition.field}
              error={ruleError(i, 'field')}
              onChange={(event) => {
                const field = RULE_FIELDS.find((f) => f === event.currentTarget.value);
                if (field) setCondition(i, { field });
              }}
              data={RULE_FIELDS.map((f) => ({ value: f, label: t(`programme.field.${f}`) }))}
            />
            <NativeSelect
              name={`shares.${i}.op`}
              label={t('programme.ruleOp')}
              value={row.condition.op}
              error={ruleError(i, 'op')}
              onChange={(event) => setCondition(i, { op: event.currentTarget.value })}
              data={RULE_OPS.map((op) => ({ value: op, label: op }))}
            />
            <TextInput
              name={`shares.${i}.value`}
              label={t('programme.ruleValue')}
              value={row.condition.value}
              error={ruleError(i, 'value')}
              onChange={(event) => setCondition(i, { value: event.currentTarget.value })}
            />
            <Button
              variant="subtle"
              color="red"
              mt={24}
              onClick={() => setRows((current) => current.filter((_, j) => j !== i))}
            >
              {t('programme.removeRule')}
            </Button>
          </Group>
          {row.savedRule !== undefined && <Text size="sm">{t('programmeManage.ruleKeptAsSaved')}</Text>}
        </fieldset>
      ))}
      <Group>
        <Button variant="default" onClick={() => setRows((current) => [...current, { ...EMPTY_SHARE }])}>
          {t('programmeManage.addShare')}
        </Button>
      </Group>
    </>
  );
}
