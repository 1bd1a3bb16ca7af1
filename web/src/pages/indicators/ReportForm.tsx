import '../conventions/conventions.css';
import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/errors';
import type { Session } from '../../api/types';
import { SESSION_KEY, useSession } from '../../auth/session';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageHeader } from '../../components/PageHeader';
import { currentLanguage, type Language } from '../../i18n';
import { localName } from '../../i18n/localName';
import { TerritorySource } from '../actors/ActorParts';
import { type Territories, useTerritories } from '../actors/reference';
import { type Commitment, getConvention, listConventions } from '../conventions/conventions.api';
import { FileField, fileErrorMessage } from '../conventions/FileField';
import { pointerMessages } from '../conventions/formErrors';
import { titleOf } from '../conventions/reference';
import { apiCell } from './cells';
import { listIndicators } from './indicators.api';
import { indicatorName } from './labels';
import { periodGroups, recentYears } from './periods';
import { usePeriodText } from './reportParts';
import { cellInput, submitReport } from './reports.api';
import { type CellDraft, cellsFromDrafts, ValueGrid, valueScale } from './ValueGrid';

/** Commitments the user may report on: a partner its organisation's, an administrator any. */
function useReportableCommitments() {
  const { user } = useSession();
  const own = user?.role === 'partner' ? (user.organisationId ?? undefined) : undefined;
  const conventions = useQuery({
    queryKey: ['conventions', 'list', user?.id ?? 'anonymous', { partner: own }, 'reportable'],
    queryFn: () => listConventions(own ? { partner: own } : {}),
  });
  const details = useQueries({
    queries: (conventions.data?.items ?? []).map((c) => ({
      queryKey: ['conventions', 'one', c.id, user?.id ?? 'anonymous'],
      queryFn: () => getConvention(c.id),
    })),
  });
  const mine = (c: Commitment) => user?.role === 'admin' || c.organisationId === user?.organisationId;
  // Grouped by convention: two conventions may each have a commitment "E1".
  const groups = details
    .flatMap((d) => (d.data ? [d.data] : []))
    .map((convention) => ({ convention, commitments: convention.commitments.filter(mine) }))
    .filter((g) => g.commitments.length > 0);
  const commitments: Commitment[] = groups.flatMap((g) => g.commitments);
  const loading = conventions.isPending || details.some((d) => d.isPending);
  return {
    groups,
    commitments,
    loading,
    error: conventions.error ?? details.find((d) => d.error)?.error ?? null,
  };
}

/** Where a commitment's values may be reported: a national one anywhere, a scoped one in its territories. */
function territoryChoices(
  commitment: Commitment,
  territories: Territories | undefined,
  lang: Language,
  national: string,
) {
  const byName = <T extends { nameFr: string; nameAr: string }>(a: T, b: T) =>
    localName(a, lang).localeCompare(localName(b, lang), lang);
  const inScope = (code: string) =>
    commitment.scope === 'national' ||
    commitment.territoryCodes.some((c) => code === c || code.startsWith(`${c}.`));
  const regions = [...(territories?.regions ?? [])].sort(byName);
  const groups = regions
    .map((region) => ({
      group: localName(region, lang),
      items: [
        region,
        ...(territories?.provinces ?? []).filter((p) => p.parentCode === region.code).sort(byName),
      ]
        .filter((x) => inScope(x.code))
        .map((x) => ({
          value: x.code,
          label: x.code === region.code ? localName(x, lang) : `— ${localName(x, lang)}`,
        })),
    }))
    .filter((g) => g.items.length > 0);
  return commitment.scope === 'national' ? [{ value: '', label: national }, ...groups] : groups;
}

const FIELDS = ['commitmentId', 'indicatorId', 'territoryCode', 'period', 'note', 'evidence', 'values'];

/** "New report": own commitment → its indicator → territory → period → one value per cell → evidence PDF. */
export default function ReportForm() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [params] = useSearchParams();
  const territories = useTerritories();
  const periodText = usePeriodText(lang);
  const reportable = useReportableCommitments();
  const [commitmentId, setCommitmentId] = useState(params.get('commitment') ?? '');
  const [indicatorId, setIndicatorId] = useState('');
  const [territoryCode, setTerritoryCode] = useState<string | null>(null);
  const [period, setPeriod] = useState('');
  const [values, setValues] = useState<Record<string, CellDraft>>({});
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState<File | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const commitment = reportable.commitments.find((c) => c.id === commitmentId);
  const indicators = useQuery({
    queryKey: ['indicators', 'list', { commitment: commitmentId, source: 'reported' }],
    queryFn: () => listIndicators({ commitment: commitmentId, source: 'reported' }),
    enabled: commitmentId !== '',
  });
  const indicator =
    indicators.data?.items.find((i) => i.id === indicatorId) ??
    (indicators.data?.items.length === 1 ? indicators.data.items[0] : undefined);
  const ratio = indicator?.aggregation === 'ratio';
  const choices = commitment
    ? territoryChoices(commitment, territories.data, lang, t('target.national'))
    : [];
  const firstChoice = choices[0];
  const defaultTerritory =
    firstChoice && 'value' in firstChoice
      ? firstChoice.value
      : ((firstChoice && 'items' in firstChoice ? firstChoice.items[0]?.value : '') ?? '');
  const territory = territoryCode ?? defaultTerritory;

  const submit = useMutation({
    mutationFn: (body: Parameters<typeof submitReport>[0]) => {
      const session = queryClient.getQueryData<Session | null>(SESSION_KEY);
      return submitReport(body, evidence, session?.csrfToken ?? null);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
      navigate(`/reports/${saved.id}`, { state: { submitted: true } });
    },
  });
  const errors = { ...pointerMessages(t, submit.error), ...localErrors };
  const evidenceError = fileErrorMessage(t, submit.error) ?? localErrors.evidence;
  const existsId =
    isApiError(submit.error) &&
    (submit.error.code === 'REPORT_EXISTS' || submit.error.code === 'PERIOD_LOCKED')
      ? submit.error.detail?.match(/Report ([0-9a-f-]{36})/)?.[1]
      : undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!indicator || !commitment) return;
    const { cells, invalid } = cellsFromDrafts(
      indicator.disaggregations,
      ratio,
      values,
      valueScale(indicator),
    );
    const local: Record<string, string> = Object.fromEntries(invalid.map((k) => [k, t('formError.number')]));
    if (!period) local.period = t('fieldError.required');
    if (!evidence) local.evidence = t('document.fileMissing');
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    submit.mutate({
      indicatorId: indicator.id,
      commitmentId: commitment.id,
      territoryCode: territory || null,
      period,
      note: note.trim() || null,
      values: cells.map(({ cell, value, numerator, denominator }) =>
        cellInput(apiCell(cell), ratio ? { numerator, denominator } : { value }),
      ),
    });
  }

  return (
    <>
      <PageHeader title={t('report.newTitle')} />
      <Paper withBorder p="lg" radius="md" maw={1100}>
        <form ref={formRef} onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <FormErrorSummary
              error={submit.error}
              fields={[...FIELDS, ...Object.keys(errors)]}
              formRef={formRef}
            />
            {existsId && (
              <Alert color="indigo" variant="outline" title={t('report.existsTitle')}>
                <Link to={`/reports/${existsId}`}>{t('report.openExisting')}</Link>
              </Alert>
            )}
            <Fieldset legend={t('report.what')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <NativeSelect
                  name="commitmentId"
                  label={t('report.commitment')}
                  required
                  value={commitmentId}
                  onChange={(event) => {
                    setCommitmentId(event.currentTarget.value);
                    setIndicatorId('');
                    setTerritoryCode(null);
                    setValues({});
                  }}
                  data={[
                    { value: '', label: reportable.loading ? t('common.loading') : t('convention.choose') },
                    ...reportable.groups.map((g) => ({
                      group: `${g.convention.reference} · ${titleOf(g.convention, lang)}`,
                      items: g.commitments.map((c) => ({
                        value: c.id,
                        label: `${c.reference ? `${c.reference} · ` : ''}${titleOf(c, lang)}`,
                      })),
                    })),
                  ]}
                  error={errors.commitmentId}
                />
                <NativeSelect
                  name="indicatorId"
                  label={t('report.indicator')}
                  required
                  disabled={!commitment}
                  value={indicator?.id ?? ''}
                  onChange={(event) => {
                    setIndicatorId(event.currentTarget.value);
                    setValues({});
                  }}
                  data={[
                    { value: '', label: t('convention.choose') },
                    ...(indicators.data?.items ?? []).map((i) => ({
                      value: i.id,
                      label: `${indicatorName(i, lang)} (${i.code})`,
                    })),
                  ]}
                  description={
                    commitment && indicators.data?.items.length === 0 ? t('report.noIndicator') : undefined
                  }
                  error={errors.indicatorId}
                />
                <NativeSelect
                  name="territoryCode"
                  label={t('report.territory')}
                  disabled={!commitment}
                  value={territory}
                  onChange={(event) => setTerritoryCode(event.currentTarget.value)}
                  data={choices.length > 0 ? choices : [{ value: '', label: t('convention.choose') }]}
                  error={errors.territoryCode}
                />
                <NativeSelect
                  name="period"
                  label={t('report.period')}
                  required
                  value={period}
                  onChange={(event) => setPeriod(event.currentTarget.value)}
                  data={[
                    { value: '', label: t('convention.choose') },
                    ...periodGroups(recentYears()).map((g) => ({
                      group: g.group,
                      items: g.items.map((p) => ({ value: p, label: periodText(p) })),
                    })),
                  ]}
                  error={errors.period}
                />
              </SimpleGrid>
              {commitment?.scope === 'territories' && <TerritorySource />}
            </Fieldset>
            {indicator && (
              <Fieldset legend={t('report.values')}>
                <Text size="sm" mb="xs">
                  {ratio
                    ? t('report.ratioHint')
                    : t('report.valuesHint', { unit: t(`indicatorUnit.${indicator.unit}`) })}
                </Text>
                {errors.values && (
                  <Text className="cv-file-error" role="alert">
                    {errors.values}
                  </Text>
                )}
                <ValueGrid
                  disaggregations={indicator.disaggregations}
                  ratio={ratio}
                  values={values}
                  onChange={(key, draft) => setValues((v) => ({ ...v, [key]: draft }))}
                  errors={errors}
                  readOnly={false}
                  lang={lang}
                />
              </Fieldset>
            )}
            <Fieldset legend={t('report.evidenceAndNote')}>
              <Stack gap="sm">
                <FileField
                  name="evidence"
                  label={t('report.evidence')}
                  hint={t('report.evidenceHint')}
                  error={evidenceError}
                  onChange={setEvidence}
                  required
                />
                <Textarea
                  name="note"
                  label={t('report.note')}
                  autosize
                  minRows={2}
                  value={note}
                  onChange={(event) => setNote(event.currentTarget.value)}
                  error={errors.note}
                />
              </Stack>
            </Fieldset>
            {reportable.error && (
              <Alert color="red" variant="outline">
                {t('errors.UNKNOWN')}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button component={Link} to="/reports" variant="default">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={submit.isPending} disabled={!indicator}>
                {t('report.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
