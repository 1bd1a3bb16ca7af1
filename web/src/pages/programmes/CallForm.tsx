import { Alert, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { centimesFromText, textFromCentimes } from '../conventions/money';
import { CallFieldsEditor, type FieldRow, fieldRowsOf, fieldsOf } from './CallFieldsEditor';
import { CallSharesEditor, type ShareRow, shareRowsOf, sharesOf } from './CallSharesEditor';
import { type CriterionRow, criterionRowsOf, GridEditor, gridOf } from './GridEditor';
import { type Row, RuleRowsEditor, rowsOf, rulesOf } from './PreviewEditor';
import { ConfirmDelete } from './ProgrammeConfirmDelete';
import { programmeFieldErrors } from './ProgrammeErrors';
import { ProgrammeFormActions } from './ProgrammeFormActions';
import {
  type Call,
  type CallCreate,
  createCall,
  deleteCall,
  getCall,
  getProgramme,
  listCallApplications,
  localTitle,
  type Programme,
  updateCall,
} from './programmes.api';

type TextName =
  | 'reference'
  | 'titleFr'
  | 'titleAr'
  | 'titleEn'
  | 'opensAt'
  | 'closesAt'
  | 'budget'
  | 'capacity'
  | 'appealDays'
  | 'evaluators'
  | 'quotaPeriod';
type Status = 'draft' | 'published' | 'closed' | 'cancelled';

const isoOf = (local: string) => {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : local;
};
/** An instant as the datetime-local input shows it, in the browser's time zone. */
const localOf = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
/** A whole number as typed; -1 for anything else, so the server names the field. */
const wholeOf = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : -1);

/**
 * `/programmes/:id/calls/new` and `/calls/:id/edit`: a call's dates, limits, eligibility rules,
 * application form, scoring grid and reserved shares as rows, each server error at its row.
 */
export default function CallForm({ edit = false }: { edit?: boolean }) {
  const { id = '' } = useParams();
  const call = useQuery({ queryKey: ['calls', id], queryFn: () => getCall(id), enabled: edit });
  const programmeId = edit ? call.data?.programmeId : id;
  const programme = useQuery({
    queryKey: ['programmes', programmeId],
    queryFn: () => getProgramme(programmeId ?? ''),
    enabled: programmeId !== undefined,
  });
  if (!edit) return <QueryState query={programme}>{(p) => <CallFields programme={p} />}</QueryState>;
  return (
    <QueryState query={call}>
      {(c) => (
        <QueryState query={programme}>
          {(p) => <CallFields programme={p} call={c} key={`${c.id}-${c.version}`} />}
        </QueryState>
      )}
    </QueryState>
  );
}

function CallFields({ programme, call }: { programme: Programme; call?: Call }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const applications = useQuery({
    queryKey: ['applications', 'call', call?.id],
    queryFn: () => listCallApplications(call?.id ?? ''),
    enabled: call !== undefined,
  });
  const applied = applications.data?.items.length ?? 0;
  const [initial] = useState(() => ({
    values: {
      reference: call?.reference ?? '',
      titleFr: call?.titleFr ?? '',
      titleAr: call?.titleAr ?? '',
      titleEn: call?.titleEn ?? '',
      opensAt: call ? localOf(call.opensAt) : '',
      closesAt: call ? localOf(call.closesAt) : '',
      budget: textFromCentimes(call?.budgetCentimes ?? null),
      capacity: call?.capacity === null || call?.capacity === undefined ? '' : String(call.capacity),
      appealDays: String(call?.appealDays ?? 30),
      evaluators: String(call?.evaluatorsPerApplication ?? 1),
      quotaPeriod: call?.quotaPeriod ?? '',
    } satisfies Record<TextName, string>,
    // Rules that rows cannot show (nested any/all, notReceived) are kept as saved until edited.
    rows: call ? rowsOf(call.eligibilityRules) : [],
    fields: fieldRowsOf(call?.formFields ?? []),
    grid: criterionRowsOf(call?.scoringGrid ?? []),
    shares: shareRowsOf(call?.reservedShares ?? []),
  }));
  const [values, setValues] = useState<Record<TextName, string>>(initial.values);
  const [status, setStatus] = useState<Status>(
    call?.status === 'published' || call?.status === 'closed' || call?.status === 'cancelled'
      ? call.status
      : 'draft',
  );
  const [rows, setRowsState] = useState<Row[]>(initial.rows ?? []);
  const [rulesEdited, setRulesEdited] = useState(initial.rows !== null);
  const setRows = (update: (current: Row[]) => Row[]) => {
    setRulesEdited(true);
    setRowsState(update);
  };
  const [fields, setFields] = useState<FieldRow[]>(initial.fields);
  const [grid, setGrid] = useState<CriterionRow[]>(initial.grid);
  const [shares, setShares] = useState<ShareRow[]>(initial.shares);
  const [budgetError, setBudgetError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: CallCreate) =>
      call ? updateCall(call.id, { ...body, version: call.version }) : createCall(programme.id, body),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['calls'] });
      navigate(`/calls/${saved.id}`);
    },
  });
  const removal = useMutation({
    mutationFn: () => deleteCall(call?.id ?? ''),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['calls'] });
      navigate(`/programmes/${programme.id}`);
    },
    onSettled: () => setConfirming(false),
  });
  const errors = programmeFieldErrors(t, mutation.error);
  const material = programme.kind === 'raw_material';

  /** When editing, only what changed is sent: the rules, form and grid of a call with applications are frozen. */
  const changed = <T,>(now: T, before: T) => !call || JSON.stringify(now) !== JSON.stringify(before);
  const submit = () => {
    const budget = centimesFromText(values.budget);
    if (budget === 'invalid') {
      setBudgetError(t('programme.amountInvalid'));
      return;
    }
    setBudgetError(undefined);
    const capacity = values.capacity.trim();
    const rules = rulesOf(rows);
    const formFields = fieldsOf(fields);
    const scoringGrid = gridOf(grid);
    const reservedShares = sharesOf(shares);
    const sendRules = rulesEdited && changed(rules, rulesOf(initial.rows ?? []));
    mutation.mutate({
      reference: values.reference.trim(),
      titleFr: values.titleFr.trim(),
      titleAr: values.titleAr.trim() || null,
      titleEn: values.titleEn.trim() || null,
      opensAt: values.opensAt === initial.values.opensAt && call ? call.opensAt : isoOf(values.opensAt),
      closesAt: values.closesAt === initial.values.closesAt && call ? call.closesAt : isoOf(values.closesAt),
      budgetCentimes: budget,
      capacity: capacity === '' ? null : wholeOf(capacity),
      status,
      appealDays: wholeOf(values.appealDays),
      evaluatorsPerApplication: wholeOf(values.evaluators),
      ...(material ? { quotaPeriod: values.quotaPeriod.trim() || null } : {}),
      ...(sendRules ? { eligibilityRules: rules } : {}),
      ...(changed(formFields, fieldsOf(initial.fields)) ? { formFields } : {}),
      ...(changed(scoringGrid, gridOf(initial.grid)) ? { scoringGrid } : {}),
      ...(changed(reservedShares, sharesOf(initial.shares)) ? { reservedShares } : {}),
    });
  };
  const input = (name: TextName, label: string, extra: { dir?: 'ltr' | 'rtl'; type?: string } = {}) => {
    const pointer: Partial<Record<TextName, string>> = {
      budget: 'budgetCentimes',
      appealDays: 'appealDays',
      evaluators: 'evaluatorsPerApplication',
    };
    return (
      <TextInput
        name={name}
        label={label}
        value={values[name]}
        error={name === 'budget' ? (budgetError ?? errors.budgetCentimes) : errors[pointer[name] ?? name]}
        {...extra}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setValues((v) => ({ ...v, [name]: value }));
        }}
      />
    );
  };
  const statuses: Status[] = call ? ['draft', 'published', 'closed', 'cancelled'] : ['draft', 'published'];
  return (
    <>
      <PageHeader
        title={
          call
            ? t('programmeManage.editCall', { title: localTitle(call, lang) })
            : t('programme.newCall', { programme: localTitle(programme, lang) })
        }
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm" maw={900}>
          {applied > 0 && (
            <Alert
              color="indigo"
              variant="outline"
              role="note"
              data-testid="call-frozen"
              title={t('programmeManage.frozenTitle')}
            >
              {t('programmeManage.frozen', { formatted: formatNumber(applied, lang) })}
            </Alert>
          )}
          {input('reference', t('programme.reference'), { dir: 'ltr' })}
          {input('titleFr', t('programme.titleFr'))}
          {input('titleAr', t('programme.titleAr'), { dir: 'rtl' })}
          {input('titleEn', t('programme.titleEn'))}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('opensAt', t('programme.opensAt'), { type: 'datetime-local' })}
            {input('closesAt', t('programme.closesAt'), { type: 'datetime-local' })}
            {input('budget', t('programme.budgetMad'))}
            {input('capacity', t('programme.capacity'), { type: 'number' })}
            {input('appealDays', t('programmeManage.appealDays'), { type: 'number' })}
            {input('evaluators', t('programmeManage.evaluatorsPerApplication'), { type: 'number' })}
            {material && input('quotaPeriod', t('programmeManage.quotaPeriod'), { dir: 'ltr' })}
          </SimpleGrid>
          <NativeSelect
            name="status"
            label={t('programme.statusLabel')}
            value={status}
            onChange={(event) => setStatus(statuses.find((s) => s === event.currentTarget.value) ?? 'draft')}
            data={statuses.map((s) => ({ value: s, label: t(`programme.status.${s}`) }))}
          />
          <Title order={2}>{t('programme.rules')}</Title>
          {!rulesEdited && <Text>{t('programmeManage.rulesKeptAsSaved')}</Text>}
          <RuleRowsEditor rows={rows} setRows={setRows} errors={errors} />
          <Title order={2}>{t('programmeManage.formFields')}</Title>
          <CallFieldsEditor rows={fields} setRows={setFields} errors={errors} />
          <Title order={2}>{t('programme.grid')}</Title>
          <GridEditor rows={grid} setRows={setGrid} errors={errors} />
          <Title order={2}>{t('programme.reservedShares')}</Title>
          <CallSharesEditor rows={shares} setRows={setShares} errors={errors} />
          <ProgrammeFormActions
            saving={mutation.isPending}
            saveError={mutation.isError ? mutation.error : null}
            hasFieldErrors={Object.keys(errors).length > 0}
            removeError={removal.isError ? removal.error : null}
            deleteLabel={call ? t('programmeManage.deleteCall') : undefined}
            onDelete={() => setConfirming(true)}
          />
        </Stack>
      </form>
      {call && (
        <ConfirmDelete
          opened={confirming}
          title={t('programmeManage.deleteCall')}
          text={t('programmeManage.confirmDeleteCall', { title: localTitle(call, lang) })}
          pending={removal.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => removal.mutate()}
        />
      )}
    </>
  );
}
