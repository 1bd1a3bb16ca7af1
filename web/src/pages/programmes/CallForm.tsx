import { Alert, Button, NativeSelect, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { pointerMessages } from '../conventions/formErrors';
import { centimesFromText } from '../conventions/money';
import { type CriterionRow, GridEditor, gridOf } from './GridEditor';
import { type Row, RuleRowsEditor, rulesOf } from './PreviewEditor';
import { createCall, getProgramme, localTitle } from './programmes.api';

type TextName =
  | 'reference'
  | 'titleFr'
  | 'titleAr'
  | 'titleEn'
  | 'opensAt'
  | 'closesAt'
  | 'budget'
  | 'capacity';

const isoOf = (local: string) => {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : local;
};

/** A new call of a programme, its eligibility rules as rows with each server error at its row. */
export default function CallForm() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const programme = useQuery({ queryKey: ['programmes', id], queryFn: () => getProgramme(id) });
  const [values, setValues] = useState<Record<TextName, string>>({
    reference: '',
    titleFr: '',
    titleAr: '',
    titleEn: '',
    opensAt: '',
    closesAt: '',
    budget: '',
    capacity: '',
  });
  const [status, setStatus] = useState<'draft' | 'published'>('draft');
  const [rows, setRows] = useState<Row[]>([]);
  const [grid, setGrid] = useState<CriterionRow[]>([]);
  const [budgetError, setBudgetError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (body: Parameters<typeof createCall>[1]) => createCall(id, body),
    onSuccess: async (call) => {
      await client.invalidateQueries({ queryKey: ['calls'] });
      navigate(`/calls/${call.id}`);
    },
  });
  const errors = pointerMessages(t, mutation.error);
  const submit = () => {
    const budget = centimesFromText(values.budget);
    if (budget === 'invalid') {
      setBudgetError(t('programme.amountInvalid'));
      return;
    }
    setBudgetError(undefined);
    const capacity = values.capacity.trim();
    mutation.mutate({
      reference: values.reference.trim(),
      titleFr: values.titleFr.trim(),
      titleAr: values.titleAr.trim() || null,
      titleEn: values.titleEn.trim() || null,
      opensAt: isoOf(values.opensAt),
      closesAt: isoOf(values.closesAt),
      budgetCentimes: budget,
      capacity: capacity === '' ? null : Number(capacity),
      status,
      eligibilityRules: rulesOf(rows),
      scoringGrid: gridOf(grid),
    });
  };
  const input = (name: TextName, label: string, extra: { dir?: 'ltr' | 'rtl'; type?: string } = {}) => (
    <TextInput
      name={name}
      label={label}
      value={values[name]}
      error={name === 'budget' ? (budgetError ?? errors.budgetCentimes) : errors[name]}
      {...extra}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setValues((v) => ({ ...v, [name]: value }));
      }}
    />
  );
  return (
    <QueryState query={programme}>
      {(p) => (
        <>
          <PageHeader title={t('programme.newCall', { programme: localTitle(p, lang) })} />
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Stack gap="sm" maw={900}>
              {input('reference', t('programme.reference'), { dir: 'ltr' })}
              {input('titleFr', t('programme.titleFr'))}
              {input('titleAr', t('programme.titleAr'), { dir: 'rtl' })}
              {input('titleEn', t('programme.titleEn'))}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {input('opensAt', t('programme.opensAt'), { type: 'datetime-local' })}
                {input('closesAt', t('programme.closesAt'), { type: 'datetime-local' })}
                {input('budget', t('programme.budgetMad'))}
                {input('capacity', t('programme.capacity'), { type: 'number' })}
              </SimpleGrid>
              <NativeSelect
                name="status"
                label={t('programme.statusLabel')}
                value={status}
                onChange={(event) =>
                  setStatus(event.currentTarget.value === 'published' ? 'published' : 'draft')
                }
                data={[
                  { value: 'draft', label: t('programme.status.draft') },
                  { value: 'published', label: t('programme.status.published') },
                ]}
              />
              <Title order={2}>{t('programme.rules')}</Title>
              <RuleRowsEditor rows={rows} setRows={setRows} errors={errors} />
              <Title order={2}>{t('programme.grid')}</Title>
              <GridEditor rows={grid} setRows={setGrid} errors={errors} />
              {mutation.isError && Object.keys(errors).length > 0 && (
                <Alert color="red" role="alert">
                  {t('programme.fixFields')}
                </Alert>
              )}
              {mutation.isError && Object.keys(errors).length === 0 && <ErrorNotice error={mutation.error} />}
              <div>
                <Button type="submit" loading={mutation.isPending}>
                  {t('programme.save')}
                </Button>
              </div>
            </Stack>
          </form>
        </>
      )}
    </QueryState>
  );
}
