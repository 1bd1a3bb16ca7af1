import { Button, Checkbox, Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FormField } from './programmes.api';

const TYPES = ['text', 'number', 'integer', 'boolean', 'date', 'choice'] as const;
type FieldType = (typeof TYPES)[number];

/** One question of the call's application form as typed; options of a choice comma-separated. */
export interface FieldRow {
  code: string;
  type: FieldType;
  labelFr: string;
  labelAr: string;
  required: boolean;
  options: string;
  /** What the row does not edit (maxLength, min, max, labelEn) is kept as saved. */
  kept?: Pick<FormField, 'maxLength' | 'min' | 'max' | 'labelEn'>;
}

export const EMPTY_FIELD: FieldRow = {
  code: '',
  type: 'text',
  labelFr: '',
  labelAr: '',
  required: false,
  options: '',
};

export function fieldRowsOf(fields: readonly FormField[]): FieldRow[] {
  return fields.map((f) => {
    const kept = {
      ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined ? { max: f.max } : {}),
      ...(f.labelEn ? { labelEn: f.labelEn } : {}),
    };
    return {
      code: f.code,
      type: TYPES.find((type) => type === f.type) ?? 'text',
      labelFr: f.labelFr,
      labelAr: f.labelAr ?? '',
      required: f.required === true,
      options: (f.options ?? []).join(', '),
      ...(Object.keys(kept).length > 0 ? { kept } : {}),
    };
  });
}

/** The rows as the API's form fields (the server checks codes, options and bounds, at the row). */
export function fieldsOf(rows: readonly FieldRow[]): FormField[] {
  return rows.map((row) => {
    const options = row.options
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '');
    return {
      ...row.kept,
      code: row.code.trim(),
      type: row.type,
      labelFr: row.labelFr.trim(),
      ...(row.labelAr.trim() ? { labelAr: row.labelAr.trim() } : {}),
      required: row.required,
      ...(row.type === 'choice' ? { options } : {}),
    };
  });
}

/** The call's application form as rows, each server error (`formFields/<i>/<part>`) at its input. */
export function CallFieldsEditor({
  rows,
  setRows,
  errors,
}: {
  rows: FieldRow[];
  setRows: (update: (current: FieldRow[]) => FieldRow[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<FieldRow>) =>
    setRows((current) => current.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const errorAt = (i: number, part: string) =>
    Object.entries(errors).find(
      ([p]) => p === `formFields/${i}/${part}` || p.startsWith(`formFields/${i}/${part}/`),
    )?.[1];
  const text = (i: number, part: 'code' | 'labelFr' | 'labelAr', label: string, dir?: 'ltr' | 'rtl') => (
    <TextInput
      name={`fields.${i}.${part}`}
      label={label}
      value={rows[i]?.[part] ?? ''}
      error={errorAt(i, part)}
      {...(dir ? { dir } : {})}
      onChange={(event) => update(i, { [part]: event.currentTarget.value })}
    />
  );
  return (
    <>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, identified by their position
        <fieldset key={i} data-testid={`field-row-${i}`} className="rule-row">
          <legend>{t('programmeManage.fieldRow', { n: String(i + 1) })}</legend>
          <Group align="flex-start" gap="sm">
            {text(i, 'code', t('programme.criterionCode'), 'ltr')}
            <NativeSelect
              name={`fields.${i}.type`}
              label={t('programmeManage.fieldType')}
              value={row.type}
              error={errorAt(i, 'type')}
              onChange={(event) => {
                const type = TYPES.find((x) => x === event.currentTarget.value);
                if (type) update(i, { type });
              }}
              data={TYPES.map((type) => ({ value: type, label: t(`programmeManage.fieldTypes.${type}`) }))}
            />
            {text(i, 'labelFr', t('programme.titleFr'))}
            {text(i, 'labelAr', t('programme.titleAr'), 'rtl')}
            {row.type === 'choice' && (
              <TextInput
                name={`fields.${i}.options`}
                dir="ltr"
                label={t('programmeManage.fieldOptions')}
                value={row.options}
                error={errorAt(i, 'options')}
                onChange={(event) => update(i, { options: event.currentTarget.value })}
              />
            )}
            <Checkbox
              name={`fields.${i}.required`}
              mt={30}
              label={t('programmeManage.fieldRequired')}
              checked={row.required}
              onChange={(event) => update(i, { required: event.currentTarget.checked })}
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
        </fieldset>
      ))}
      <Group>
        <Button variant="default" onClick={() => setRows((current) => [...current, { ...EMPTY_FIELD }])}>
          {t('programmeManage.addField')}
        </Button>
      </Group>
    </>
  );
}
