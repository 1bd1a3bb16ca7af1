import { NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { centimesFromText, textFromCentimes } from '../conventions/money';
import { organisationLabel, usePartners } from '../conventions/reference';
import { ConfirmDelete } from './ProgrammeConfirmDelete';
import { programmeFieldErrors } from './ProgrammeErrors';
import { ProgrammeFormActions } from './ProgrammeFormActions';
import {
  createProgramme,
  deleteProgramme,
  getProgramme,
  localTitle,
  type Programme,
  type ProgrammeCreate,
  updateProgramme,
} from './programmes.api';

const KINDS: ProgrammeCreate['kind'][] = [
  'financing',
  'training',
  'raw_material',
  'market_access',
  'equipment',
  'accompaniment',
];
const SOURCES = ['forest', 'agricultural', 'maritime'] as const;
const UNITS = ['m3', 'kg', 't', 'l', 'unit', 'bundle'] as const;
type Status = 'draft' | 'active' | 'closed';

/** `/programmes/new` and `/programmes/:id/edit`: the same form, filled from the programme when editing. */
export default function ProgrammeForm() {
  const { id } = useParams();
  const programme = useQuery({
    queryKey: ['programmes', id],
    queryFn: () => getProgramme(id ?? ''),
    enabled: id !== undefined,
  });
  if (id === undefined) return <ProgrammeFields />;
  return (
    <QueryState query={programme}>
      {(p) => <ProgrammeFields programme={p} key={`${p.id}-${p.version}`} />}
    </QueryState>
  );
}

/** An administrator for any partner, a partner for its own organisation; raw material needs its material. */
function ProgrammeFields({ programme }: { programme?: Programme }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user } = useSession();
  const partners = usePartners();
  const [values, setValues] = useState({
    reference: programme?.reference ?? '',
    kind: programme?.kind ?? ('financing' as ProgrammeCreate['kind']),
    organisationId: programme?.organisationId ?? '',
    titleFr: programme?.titleFr ?? '',
    titleAr: programme?.titleAr ?? '',
    titleEn: programme?.titleEn ?? '',
    budget: textFromCentimes(programme?.budgetCentimes ?? null),
    status: (programme?.status ?? 'draft') as Status,
    materialSource: programme?.materialSource ?? '',
    material: programme?.material ?? '',
    unit: programme?.unit ?? '',
  });
  const [budgetError, setBudgetError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const set = (name: keyof typeof values, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const saved = async (id: string) => {
    await client.invalidateQueries({ queryKey: ['programmes'] });
    navigate(`/programmes/${id}`);
  };
  const mutation = useMutation({
    mutationFn: (body: ProgrammeCreate) =>
      programme
        ? updateProgramme(programme.id, { ...body, version: programme.version })
        : createProgramme(body),
    onSuccess: (p) => saved(p.id),
  });
  const removal = useMutation({
    mutationFn: () => deleteProgramme(programme?.id ?? ''),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['programmes'] });
      navigate('/programmes');
    },
    onSettled: () => setConfirming(false),
  });
  const errors = programmeFieldErrors(t, mutation.error);
  const material = values.kind === 'raw_material';
  const submit = () => {
    const budget = centimesFromText(values.budget);
    if (budget === 'invalid') {
      setBudgetError(t('programme.amountInvalid'));
      return;
    }
    setBudgetError(undefined);
    const source = SOURCES.find((s) => s === values.materialSource) ?? null;
    const unit = UNITS.find((u) => u === values.unit) ?? null;
    mutation.mutate({
      reference: values.reference.trim(),
      kind: values.kind,
      ...(values.organisationId ? { organisationId: values.organisationId } : {}),
      titleFr: values.titleFr.trim(),
      titleAr: values.titleAr.trim() || null,
      titleEn: values.titleEn.trim() || null,
      budgetCentimes: budget,
      status: values.status,
      materialSource: material ? source : null,
      material: material ? values.material.trim() || null : null,
      unit: material ? unit : null,
    });
  };
  const input = (
    name: 'reference' | 'titleFr' | 'titleAr' | 'titleEn' | 'material',
    label: string,
    dir?: 'ltr' | 'rtl',
  ) => (
    <TextInput
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      {...(dir ? { dir } : {})}
      onChange={(event) => set(name, event.currentTarget.value)}
    />
  );
  const statuses: Status[] = programme ? ['draft', 'active', 'closed'] : ['draft', 'active'];
  return (
    <>
      <PageHeader
        title={
          programme
            ? t('programmeManage.editProgramme', { title: localTitle(programme, lang) })
            : t('programme.newProgramme')
        }
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm" maw={720}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('reference', t('programme.reference'), 'ltr')}
            <NativeSelect
              name="kind"
              label={t('programme.kindLabel')}
              value={values.kind}
              error={errors.kind}
              onChange={(event) => {
                const kind = KINDS.find((k) => k === event.currentTarget.value);
                if (kind) setValues((v) => ({ ...v, kind }));
              }}
              data={KINDS.map((k) => ({ value: k, label: t(`programme.kind.${k}`) }))}
            />
          </SimpleGrid>
          {user?.role === 'admin' && (
            <NativeSelect
              name="organisationId"
              label={t('programme.organisation')}
              value={values.organisationId}
              error={errors.organisationId}
              onChange={(event) => set('organisationId', event.currentTarget.value)}
              data={[
                { value: '', label: '—' },
                ...(partners.data ?? []).map((p) => ({ value: p.id, label: organisationLabel(p, lang) })),
              ]}
            />
          )}
          {input('titleFr', t('programme.titleFr'))}
          {input('titleAr', t('programme.titleAr'), 'rtl')}
          {input('titleEn', t('programme.titleEn'))}
          {material && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                name="materialSource"
                label={t('programmeManage.materialSource')}
                value={values.materialSource}
                error={errors.materialSource}
                onChange={(event) => set('materialSource', event.currentTarget.value)}
                data={[
                  { value: '', label: '—' },
                  ...SOURCES.map((s) => ({ value: s, label: t(`programmeManage.source.${s}`) })),
                ]}
              />
              {input('material', t('programmeManage.material'))}
              <NativeSelect
                name="unit"
                label={t('programmeManage.unit')}
                value={values.unit}
                error={errors.unit}
                onChange={(event) => set('unit', event.currentTarget.value)}
                data={[
                  { value: '', label: '—' },
                  ...UNITS.map((u) => ({ value: u, label: t(`programmeManage.units.${u}`) })),
                ]}
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              name="budget"
              label={t('programme.budgetMad')}
              inputMode="decimal"
              value={values.budget}
              error={budgetError ?? errors.budgetCentimes}
              onChange={(event) => set('budget', event.currentTarget.value)}
            />
            <NativeSelect
              name="status"
              label={t('programme.statusLabel')}
              value={values.status}
              onChange={(event) =>
                set('status', statuses.find((s) => s === event.currentTarget.value) ?? 'draft')
              }
              data={statuses.map((s) => ({ value: s, label: t(`programme.status.${s}`) }))}
            />
          </SimpleGrid>
          <ProgrammeFormActions
            saving={mutation.isPending}
            saveError={mutation.isError ? mutation.error : null}
            hasFieldErrors={Object.keys(errors).length > 0}
            removeError={removal.isError ? removal.error : null}
            deleteLabel={programme ? t('programmeManage.deleteProgramme') : undefined}
            onDelete={() => setConfirming(true)}
          />
        </Stack>
      </form>
      {programme && (
        <ConfirmDelete
          opened={confirming}
          title={t('programmeManage.deleteProgramme')}
          text={t('programmeManage.confirmDeleteProgramme', { title: localTitle(programme, lang) })}
          pending={removal.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => removal.mutate()}
        />
      )}
    </>
  );
}
