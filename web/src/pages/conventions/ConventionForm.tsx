import './conventions.css';
import {
  Alert,
  Button,
  Checkbox,
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
import {
  CONVENTION_STATUSES,
  type Convention,
  type ConventionCreate,
  type ConventionStatus,
  createConvention,
  getConvention,
  updateConvention,
} from './conventions.api';
import { pointerMessages, summaryError } from './formErrors';
import { axisLabel, sortedPartners, useAxes, usePartners } from './reference';

interface PartyDraft {
  key: number;
  organisationId: string;
  role: 'lead' | 'party';
}
interface SignatoryDraft {
  key: number;
  organisationId: string;
  fullName: string;
  functionTitle: string;
}
interface Draft {
  reference: string;
  titleFr: string;
  titleAr: string;
  summaryFr: string;
  summaryAr: string;
  status: ConventionStatus;
  signedOn: string;
  signedPlace: string;
  signingEvent: string;
  startsOn: string;
  endsOn: string;
  published: boolean;
  axisCodes: string[];
  parties: PartyDraft[];
  signatories: SignatoryDraft[];
}

let nextKey = 1;
const key = () => nextKey++;

function draftOf(c: Convention | null): Draft {
  return {
    reference: c?.reference ?? '',
    titleFr: c?.titleFr ?? '',
    titleAr: c?.titleAr ?? '',
    summaryFr: c?.summaryFr ?? '',
    summaryAr: c?.summaryAr ?? '',
    status: c?.status ?? 'draft',
    signedOn: c?.signedOn ?? '',
    signedPlace: c?.signedPlace ?? '',
    signingEvent: c?.signingEvent ?? '',
    startsOn: c?.startsOn ?? '',
    endsOn: c?.endsOn ?? '',
    published: c?.published ?? false,
    axisCodes: c?.axisCodes ?? [],
    parties: (c?.parties ?? []).map((p) => ({ key: key(), organisationId: p.organisationId, role: p.role })),
    signatories: (c?.signatories ?? []).map((s) => ({
      key: key(),
      organisationId: s.organisationId,
      fullName: s.fullName,
      functionTitle: s.functionTitle ?? '',
    })),
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function bodyOf(d: Draft): ConventionCreate {
  return {
    reference: d.reference.trim(),
    titleFr: d.titleFr.trim(),
    titleAr: orNull(d.titleAr),
    summaryFr: orNull(d.summaryFr),
    summaryAr: orNull(d.summaryAr),
    status: d.status,
    signedOn: orNull(d.signedOn),
    signedPlace: orNull(d.signedPlace),
    signingEvent: orNull(d.signingEvent),
    startsOn: orNull(d.startsOn),
    endsOn: orNull(d.endsOn),
    published: d.published,
    axisCodes: d.axisCodes,
    parties: d.parties.map((p) => ({ organisationId: p.organisationId, role: p.role })),
    signatories: d.signatories.map((s) => ({
      organisationId: s.organisationId,
      fullName: s.fullName.trim(),
      functionTitle: orNull(s.functionTitle),
    })),
  };
}

/** Create (`/conventions/new`) or edit (`/conventions/:id/edit`) a convention. Administrators only. */
export default function ConventionFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: ['conventions', 'one', id, 'edit'],
    queryFn: () => getConvention(id ?? ''),
    enabled: id !== undefined,
  });
  return (
    <>
      <PageHeader title={id ? t('convention.editTitle') : t('convention.createTitle')} />
      {id ? (
        <QueryState query={existing}>
          {(c) => <ConventionForm key={c.version} initial={c} onReload={() => void existing.refetch()} />}
        </QueryState>
      ) : (
        <ConventionForm initial={null} onReload={() => undefined} />
      )}
    </>
  );
}

function ConventionForm({ initial, onReload }: { initial: Convention | null; onReload: () => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const axes = useAxes();
  const partners = usePartners();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = useMutation({
    mutationFn: () =>
      initial
        ? updateConvention(initial.id, { ...bodyOf(draft), version: initial.version })
        : createConvention(bodyOf(draft)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['conventions'] });
      navigate(`/conventions/${saved.id}`);
    },
  });
  const errors = pointerMessages(t, save.error);
  // Memoised: the summary moves focus whenever its error changes identity.
  const summary = useMemo(() => summaryError(t, save.error), [t, save.error]);
  const stale = isApiError(save.error) && save.error.code === 'STALE_VERSION';
  const partnerOptions = [
    { value: '', label: t('convention.choose') },
    ...sortedPartners(partners.data, lang),
  ];
  const partyOptions = [
    { value: '', label: t('convention.choose') },
    ...sortedPartners(partners.data, lang).filter((o) =>
      draft.parties.some((p) => p.organisationId === o.value),
    ),
  ];
  const shown = [
    ...Object.keys(draftOf(null)),
    ...draft.parties.flatMap((_, i) => [`parties/${i}/organisationId`, `parties/${i}/role`]),
    ...draft.signatories.flatMap((_, i) => [
      `signatories/${i}/organisationId`,
      `signatories/${i}/fullName`,
      `signatories/${i}/functionTitle`,
    ]),
    ...draft.axisCodes.map((_, i) => `axisCodes/${i}`),
  ];

  const text = (
    field: keyof Draft,
    extra: { dir?: 'ltr' | 'rtl'; lang?: string; type?: string; required?: boolean } = {},
  ) => (
    <TextInput
      name={field}
      label={t(`convention.${field}`)}
      value={String(draft[field])}
      onChange={(event) => set({ [field]: event.currentTarget.value })}
      error={errors[field]}
      {...extra}
    />
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Paper withBorder p="lg" radius="md" maw={960}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          {stale ? (
            <Alert color="red" variant="outline" role="alert" title={t('convention.staleTitle')}>
              <Text size="sm">{t('convention.staleBody')}</Text>
              <Button mt="sm" size="xs" color="red" onClick={onReload}>
                {t('convention.reload')}
              </Button>
            </Alert>
          ) : (
            <FormErrorSummary error={summary} fields={shown} formRef={formRef} />
          )}
          <Fieldset legend={t('convention.about')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {text('reference', { dir: 'ltr', required: true })}
              <NativeSelect
                name="status"
                label={t('convention.status')}
                value={draft.status}
                onChange={(event) => {
                  const status = CONVENTION_STATUSES.find((s) => s === event.currentTarget.value);
                  if (status) set({ status });
                }}
                data={CONVENTION_STATUSES.map((s) => ({ value: s, label: t(`conventionStatus.${s}`) }))}
                error={errors.status}
              />
              {text('titleFr', { lang: 'fr', dir: 'ltr', required: true })}
              {text('titleAr', { lang: 'ar', dir: 'rtl' })}
              <Textarea
                name="summaryFr"
                label={t('convention.summaryFr')}
                lang="fr"
                dir="ltr"
                autosize
                minRows={2}
                value={draft.summaryFr}
                onChange={(event) => set({ summaryFr: event.currentTarget.value })}
                error={errors.summaryFr}
              />
              <Textarea
                name="summaryAr"
                label={t('convention.summaryAr')}
                lang="ar"
                dir="rtl"
                autosize
                minRows={2}
                value={draft.summaryAr}
                onChange={(event) => set({ summaryAr: event.currentTarget.value })}
                error={errors.summaryAr}
              />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('convention.signature')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {text('signedOn', { type: 'date', dir: 'ltr' })}
              {text('signedPlace')}
              {text('signingEvent')}
              <span />
              {text('startsOn', { type: 'date', dir: 'ltr' })}
              {text('endsOn', { type: 'date', dir: 'ltr' })}
              <Checkbox
                name="published"
                label={t('convention.publishedField')}
                description={t('convention.publishedHint')}
                checked={draft.published}
                onChange={(event) => set({ published: event.currentTarget.checked })}
                error={errors.published}
              />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('convention.axes')}>
            <Stack gap={8}>
              {(axes.data ?? []).map((axis, i) => (
                <Checkbox
                  key={axis.code}
                  name="axisCodes"
                  value={axis.code}
                  label={axisLabel(axis, lang)}
                  checked={draft.axisCodes.includes(axis.code)}
                  onChange={(event) =>
                    set({
                      axisCodes: event.currentTarget.checked
                        ? (axes.data ?? [])
                            .map((a) => a.code)
                            .filter((c) => c === axis.code || draft.axisCodes.includes(c))
                        : draft.axisCodes.filter((c) => c !== axis.code),
                    })
                  }
                  error={errors[`axisCodes/${i}`]}
                />
              ))}
            </Stack>
          </Fieldset>
          <Fieldset legend={t('convention.parties')}>
            <Stack gap="xs">
              {errors.parties && (
                <Text className="cv-file-error" role="alert">
                  {errors.parties}
                </Text>
              )}
              {draft.parties.map((party, i) => (
                <Group key={party.key} align="flex-end" gap="xs" data-testid="party-row">
                  <NativeSelect
                    name={`parties.${i}.organisationId`}
                    label={t('convention.partyN', { n: i + 1 })}
                    style={{ flex: 1 }}
                    value={party.organisationId}
                    onChange={(event) => {
                      const organisationId = event.currentTarget.value;
                      set({
                        parties: draft.parties.map((p) =>
                          p.key === party.key ? { ...p, organisationId } : p,
                        ),
                      });
                    }}
                    data={partnerOptions}
                    error={errors[`parties/${i}/organisationId`]}
                  />
                  <NativeSelect
                    name={`parties.${i}.role`}
                    label={t('convention.role')}
                    value={party.role}
                    onChange={(event) => {
                      const role = event.currentTarget.value === 'lead' ? 'lead' : 'party';
                      set({ parties: draft.parties.map((p) => (p.key === party.key ? { ...p, role } : p)) });
                    }}
                    data={[
                      { value: 'party', label: t('convention.roleParty') },
                      { value: 'lead', label: t('convention.lead') },
                    ]}
                  />
                  <Button
                    variant="default"
                    size="sm"
                    aria-label={t('convention.removeParty', { n: i + 1 })}
                    onClick={() => set({ parties: draft.parties.filter((p) => p.key !== party.key) })}
                  >
                    {t('convention.remove')}
                  </Button>
                </Group>
              ))}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() =>
                    set({ parties: [...draft.parties, { key: key(), organisationId: '', role: 'party' }] })
                  }
                >
                  {t('convention.addParty')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Fieldset legend={t('convention.signatories')}>
            <Stack gap="xs">
              {draft.signatories.map((s, i) => (
                <SimpleGrid key={s.key} cols={{ base: 1, sm: 4 }} spacing="xs" data-testid="signatory-row">
                  <NativeSelect
                    name={`signatories.${i}.organisationId`}
                    label={t('convention.signsFor', { n: i + 1 })}
                    value={s.organisationId}
                    onChange={(event) => {
                      const organisationId = event.currentTarget.value;
                      set({
                        signatories: draft.signatories.map((x) =>
                          x.key === s.key ? { ...x, organisationId } : x,
                        ),
                      });
                    }}
                    data={partyOptions}
                    error={errors[`signatories/${i}/organisationId`]}
                  />
                  <TextInput
                    name={`signatories.${i}.fullName`}
                    label={t('convention.fullName')}
                    value={s.fullName}
                    onChange={(event) => {
                      const fullName = event.currentTarget.value;
                      set({
                        signatories: draft.signatories.map((x) => (x.key === s.key ? { ...x, fullName } : x)),
                      });
                    }}
                    error={errors[`signatories/${i}/fullName`]}
                  />
                  <TextInput
                    name={`signatories.${i}.functionTitle`}
                    label={t('convention.functionTitle')}
                    value={s.functionTitle}
                    onChange={(event) => {
                      const functionTitle = event.currentTarget.value;
                      set({
                        signatories: draft.signatories.map((x) =>
                          x.key === s.key ? { ...x, functionTitle } : x,
                        ),
                      });
                    }}
                    error={errors[`signatories/${i}/functionTitle`]}
                  />
                  <Group align="flex-end">
                    <Button
                      variant="default"
                      size="sm"
                      aria-label={t('convention.removeSignatory', { n: i + 1 })}
                      onClick={() => set({ signatories: draft.signatories.filter((x) => x.key !== s.key) })}
                    >
                      {t('convention.remove')}
                    </Button>
                  </Group>
                </SimpleGrid>
              ))}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  disabled={draft.parties.length === 0}
                  onClick={() =>
                    set({
                      signatories: [
                        ...draft.signatories,
                        {
                          key: key(),
                          organisationId: draft.parties[0]?.organisationId ?? '',
                          fullName: '',
                          functionTitle: '',
                        },
                      ],
                    })
                  }
                >
                  {t('convention.addSignatory')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Group justify="flex-end">
            <Button
              component={Link}
              to={initial ? `/conventions/${initial.id}` : '/conventions'}
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
