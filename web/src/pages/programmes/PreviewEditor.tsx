import { Alert, Button, Group, List, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { pointerMessages } from '../conventions/formErrors';
import { type Call, previewEligibility } from './programmes.api';
import { RULE_FIELDS, RULE_OPS, type RuleField } from './rules';

export interface Row {
  field: RuleField;
  op: string;
  value: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The call's rules as editable rows when they are a flat "all" list of conditions, else null. */
export function rowsOf(rules: unknown): Row[] | null {
  if (!isRecord(rules) || !Array.isArray(rules.all)) return null;
  const rows: Row[] = [];
  for (const rule of rules.all) {
    if (!isRecord(rule) || typeof rule.field !== 'string' || typeof rule.op !== 'string') return null;
    const field = RULE_FIELDS.find((f) => f === rule.field);
    if (!field) return null;
    const value = Array.isArray(rule.value) ? rule.value.map(String).join(', ') : String(rule.value);
    rows.push({ field, op: rule.op, value });
  }
  return rows;
}

const NUMERIC = new Set<string>(['women_share', 'youth_share', 'disabled_share', 'members_count']);
const BOOLEAN = new Set<string>(['has_nia', 'coastal', 'women_led']);

function scalar(field: RuleField, text: string): unknown {
  const trimmed = text.trim();
  if (BOOLEAN.has(field)) return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
  if (NUMERIC.has(field) && /^-?\d+([.,]\d+)?$/.test(trimmed)) return Number(trimmed.replace(',', '.'));
  return trimmed;
}

/** The rows as the rule language: `{ all: [{ field, op, value }, ...] }`. */
export function rulesOf(rows: Row[]): unknown {
  return {
    all: rows.map((row) => ({
      field: row.field,
      op: row.op,
      value:
        row.op === 'in' || row.op === 'not_in'
          ? row.value
              .split(',')
              .map((v) => v.trim())
              .filter((v) => v !== '')
              .map((v) => scalar(row.field, v))
          : scalar(row.field, row.value),
    })),
  };
}

/** A manager tries rules on the registry: how many actors qualify and a sample; errors at their row. */
export function PreviewEditor({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const saved = rowsOf(call.eligibilityRules);
  const [rows, setRowsState] = useState<Row[]>(() => saved ?? []);
  // Rules the rows cannot show (nested any/all, notReceived) are previewed as saved until edited.
  const [edited, setEdited] = useState(saved !== null);
  const setRows = (update: (current: Row[]) => Row[]) => {
    setEdited(true);
    setRowsState(update);
  };
  const mutation = useMutation({
    mutationFn: () => previewEligibility(call.id, edited ? rulesOf(rows) : undefined),
  });
  const errors = pointerMessages(t, mutation.error);

  return (
    <section aria-labelledby="preview-title" data-testid="preview">
      <Title order={2} id="preview-title" mb="sm">
        {t('programme.previewTitle')}
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate();
        }}
      >
        <Stack gap="sm">
          {!edited && <Text>{t('programme.previewSaved')}</Text>}
          <RuleRowsEditor rows={rows} setRows={setRows} errors={errors} />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {t('programme.preview')}
            </Button>
          </Group>
          {mutation.isError && Object.keys(errors).length > 0 && (
            <Alert color="red" role="alert">
              {t('programme.fixRules')}
            </Alert>
          )}
          {mutation.isError && Object.keys(errors).length === 0 && <ErrorNotice error={mutation.error} />}
          {mutation.data && (
            <div role="status">
              <Text fw={700} data-testid="preview-count">
                {t('programme.previewCount', { formatted: formatNumber(mutation.data.count, lang) })}
              </Text>
              <List>
                {mutation.data.sample.map((a) => (
                  <List.Item key={a.id}>
                    {a.name} — {t(`actorKind.${a.kind}`, { defaultValue: a.kind })} —{' '}
                    <span dir="ltr">{a.provinceCode}</span>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
        </Stack>
      </form>
    </section>
  );
}

/** Rows of conditions ({ all: [...] }) with each server error at its row and part. */
export function RuleRowsEditor({
  rows,
  setRows,
  errors,
}: {
  rows: Row[];
  setRows: (update: (current: Row[]) => Row[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const rowError = (i: number, part: 'field' | 'op' | 'value') => {
    const prefix = `eligibilityRules/all/${i}`;
    const found = Object.entries(errors).find(
      ([p]) => p === `${prefix}/${part}` || p.startsWith(`${prefix}/${part}/`),
    );
    return found?.[1];
  };
  const update = (i: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, identified by their position
        <fieldset key={i} data-testid={`rule-row-${i}`} className="rule-row">
          <legend>{t('programme.ruleRow', { n: String(i + 1) })}</legend>
          <Group align="flex-start" gap="sm">
            <NativeSelect
              name={`rules.${i}.field`}
              label={t('programme.ruleField')}
              value={row.field}
              error={rowError(i, 'field')}
              onChange={(event) => {
                const field = RULE_FIELDS.find((f) => f === event.currentTarget.value);
                if (field) update(i, { field });
              }}
              data={RULE_FIELDS.map((f) => ({ value: f, label: t(`programme.field.${f}`) }))}
            />
            <NativeSelect
              name={`rules.${i}.op`}
              label={t('programme.ruleOp')}
              value={row.op}
              error={rowError(i, 'op')}
              onChange={(event) => update(i, { op: event.currentTarget.value })}
              data={RULE_OPS.map((op) => ({ value: op, label: op }))}
            />
            <TextInput
              name={`rules.${i}.value`}
              label={t('programme.ruleValue')}
              value={row.value}
              error={rowError(i, 'value')}
              onChange={(event) => update(i, { value: event.currentTarget.value })}
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
        <Button
          variant="default"
          onClick={() => setRows((current) => [...current, { field: 'kind', op: '=', value: '' }])}
        >
          {t('programme.addRule')}
        </Button>
      </Group>
    </>
  );
}
