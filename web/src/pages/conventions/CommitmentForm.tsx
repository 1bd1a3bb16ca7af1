import './conventions.css';
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
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/errors';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { TerritorySource } from '../actors/ActorParts';
import { useTerritories } from '../actors/reference';
import {
  COMMITMENT_STATUSES,
  type CommitmentDetail,
  type CommitmentInput,
  type CommitmentStatus,
  type Convention,
  createCommitment,
  getCommitment,
  getConvention,
  updateCommitment,
} from './conventions.api';
import { pointerMessages, summaryError } from './formErrors';
import { centimesFromText, textFromCentimes } from './money';
import { axisLabel, organisationLabel, titleOf, useAxes } from './reference';
import { TerritoryPicker } from './TerritoryPicker';

const FIELDS = [
  'organisationId',
  'reference',
  'titleFr',
  'titleAr',
  'description',
  'axisCode',
  'budgetCentimes',
  'startsOn',
  'endsOn',
  'scope',
  'territoryCodes',
  'status',
] as const;

/**
 * New commitment (`/conventions/:conventionId/commitments/new`) or edit (`/commitments/:id/edit`).
 * Administrators only; the party is one of the convention's parties.
 */
export default function CommitmentFormPage() {
  const { id, conventionId } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: ['commitments', 'one', id, 'edit'],
    queryFn: () => getCommitment(id ?? ''),
    enabled: id !== undefined,
  });
  const convId = conventionId ?? existing.data?.conventionId;
  const convention = useQuery({
    queryKey: ['conventions', 'one', convId, 'edit'],
    queryFn: () => getConvention(convId ?? ''),
    enabled: convId !== undefined,
  });
  return (
    <>
      <PageHeader title={id ? t('commitment.editTitle') : t('commitment.createTitle')} />
      {id && existing.isPending ? (
        <QueryState query={existing}>{() => null}</QueryState>
      ) : (
        <QueryState query={convention}>
          {(c) => (
            <CommitmentForm
              key={existing.data?.version ?? 0}
              convention={c}
              initial={existing.data ?? null}
            />
          )}
        </QueryState>
      )}
    </>
  );
}

function CommitmentForm({
  convention,
  initial,
}: {
  convention: Convention;
  initial: CommitmentDetail | null;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const axes = useAxes();
  const territories = useTerritories();
  const [organisationId, setOrganisationId] = useState(initial?.organisationId ?? '');
  const [reference, setReference] = useState(initial?.reference ?? '');
  const [titleFr, setTitleFr] = useState(initial?.titleFr ?? '');
  const [titleAr, setTitleAr] = useState(initial?.titleAr ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [axisCode, setAxisCode] = useState(initial?.axisCode ?? convention.axisCodes[0] ?? '');
  const [budget, setBudget] = useState(textFromCentimes(initial?.budgetCentimes ?? null));
  const [startsOn, setStartsOn] = useState(initial?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(initial?.endsOn ?? '');
  const [scope, setScope] = useState<'national' | 'territories'>(initial?.scope ?? 'national');
  const [territoryCodes, setTerritoryCodes] = useState<string[]>(initial?.territoryCodes ?? []);
  const [status, setStatus] = useState<CommitmentStatus>(initial?.status ?? 'active');
  const [budgetError, setBudgetError] = useState<string | undefined>();

  const save = useMutation({
    mutationFn: (body: CommitmentInput) =>
      initial
        ? updateCommitment(initial.id, { ...body, version: initial.version })
        : createCommitment(convention.id, body),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['conventions'] });
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
      navigate(`/commitments/${saved.id}`);
    },
  });
  const errors = pointerMessages(t, save.error);
  // Memoised: the summary moves focus whenever its error changes identity.
  const summary = useMemo(() => summaryError(t, save.error), [t, save.error]);
  const stale = isApiError(save.error) && save.error.code === 'STALE_VERSION';
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const centimes = centimesFromText(budget);
    if (centimes === 'invalid') {
      setBudgetError(t('commitment.budgetInvalid'));
      formRef.current?.querySelector<HTMLElement>('[name="budget"]')?.focus();
      return;
    }
    setBudgetError(undefined);
    save.mutate({
      organisationId,
      reference: orNull(reference),
      titleFr: titleFr.trim(),
      titleAr: orNull(titleAr),
      description: orNull(description),
      axisCode,
      budgetCentimes: centimes,
      startsOn: orNull(startsOn),
      endsOn: orNull(endsOn),
      scope,
      territoryCodes: scope === 'national' ? [] : territoryCodes,
      status,
    });
  }

  const territoryError =
    errors.territoryCodes ?? Object.entries(errors).find(([k]) => k.startsWith('territoryCodes/'))?.[1];

  return (
    <Paper withBorder p="lg" radius="md" maw={960}>
      <Text mb="md">
        {t('commitment.ofConvention')} {convention.reference} · {titleOf(convention, lang)}
      </Text>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          {stale ? (
            <Alert color="red" variant="outline" role="alert" title={t('convention.staleTitle')}>
              {t('convention.staleBody')}
            </Alert>
          ) : (
            <FormErrorSummary
              error={summary}
              fields={[...FIELDS, ...territoryCodes.map((_, i) => `territoryCodes/${i}`)]}
              formRef={formRef}
            />
          )}
          <Fieldset legend={t('commitment.about')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <NativeSelect
                name="organisationId"
                label={t('commitment.party')}
                required
                value={organisationId}
                onChange={(event) => setOrganisationId(event.currentTarget.value)}
                data={[
                  { value: '', label: t('convention.choose') },
                  ...convention.parties.map((p) => ({
                    value: p.organisationId,
                    label: organisationLabel(p, lang),
                  })),
                ]}
                error={errors.organisationId}
              />
              <TextInput
                name="reference"
                label={t('commitment.reference')}
                dir="ltr"
                value={reference}
                onChange={(event) => setReference(event.currentTarget.value)}
                error={errors.reference}
              />
              <TextInput
                name="titleFr"
                label={t('commitment.titleFr')}
                required
                lang="fr"
                dir="ltr"
                value={titleFr}
                onChange={(event) => setTitleFr(event.currentTarget.value)}
                error={errors.titleFr}
              />
              <TextInput
                name="titleAr"
                label={t('commitment.titleAr')}
                lang="ar"
                dir="rtl"
                value={titleAr}
                onChange={(event) => setTitleAr(event.currentTarget.value)}
                error={errors.titleAr}
              />
              <NativeSelect
                name="axisCode"
                label={t('commitment.axis')}
                required
                value={axisCode}
                onChange={(event) => setAxisCode(event.currentTarget.value)}
                data={[
                  { value: '', label: t('convention.choose') },
                  ...(axes.data ?? []).map((a) => ({ value: a.code, label: axisLabel(a, lang) })),
                ]}
                error={errors.axisCode}
              />
              <NativeSelect
                name="status"
                label={t('commitment.status')}
                value={status}
                onChange={(event) => {
                  const next = COMMITMENT_STATUSES.find((s) => s === event.currentTarget.value);
                  if (next) setStatus(next);
                }}
                data={COMMITMENT_STATUSES.map((s) => ({ value: s, label: t(`commitmentStatus.${s}`) }))}
                error={errors.status}
              />
              <TextInput
                name="budget"
                label={t('commitment.budgetMad')}
                description={t('commitment.budgetHint')}
                inputMode="decimal"
                dir="ltr"
                value={budget}
                onChange={(event) => setBudget(event.currentTarget.value)}
                error={budgetError ?? errors.budgetCentimes}
              />
              <span />
              <TextInput
                name="startsOn"
                type="date"
                dir="ltr"
                label={t('commitment.startsOn')}
                value={startsOn}
                onChange={(event) => setStartsOn(event.currentTarget.value)}
                error={errors.startsOn}
              />
              <TextInput
                name="endsOn"
                type="date"
                dir="ltr"
                label={t('commitment.endsOn')}
                value={endsOn}
                onChange={(event) => setEndsOn(event.currentTarget.value)}
                error={errors.endsOn}
              />
            </SimpleGrid>
            <Textarea
              name="description"
              label={t('commitment.description')}
              autosize
              minRows={2}
              mt="sm"
              value={description}
              onChange={(event) => setDescription(event.currentTarget.value)}
              error={errors.description}
            />
          </Fieldset>
          <Fieldset legend={t('commitment.where')}>
            <NativeSelect
              name="scope"
              label={t('commitment.scope')}
              value={scope}
              onChange={(event) =>
                setScope(event.currentTarget.value === 'territories' ? 'territories' : 'national')
              }
              data={[
                { value: 'national', label: t('commitment.national') },
                { value: 'territories', label: t('commitment.someTerritories') },
              ]}
              error={errors.scope}
              mb="sm"
            />
            {scope === 'territories' && (
              <TerritoryPicker
                territories={territories.data}
                value={territoryCodes}
                onChange={setTerritoryCodes}
                lang={lang}
                error={territoryError}
              />
            )}
            <TerritorySource />
          </Fieldset>
          <Group justify="flex-end">
            <Button
              component={Link}
              to={initial ? `/commitments/${initial.id}` : `/conventions/${convention.id}`}
              variant="default"
            >
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
