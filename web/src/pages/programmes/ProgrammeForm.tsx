import { Alert, Button, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { currentLanguage } from '../../i18n';
import { pointerMessages } from '../conventions/formErrors';
import { centimesFromText } from '../conventions/money';
import { organisationLabel, usePartners } from '../conventions/reference';
import { createProgramme, type ProgrammeCreate } from './programmes.api';

const KINDS: ProgrammeCreate['kind'][] = [
  'financing',
  'training',
  'raw_material',
  'market_access',
  'equipment',
  'accompaniment',
];

/** A new programme: an administrator for any partner, a partner for its own organisation. */
export default function ProgrammeForm() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user } = useSession();
  const partners = usePartners();
  const [values, setValues] = useState({
    reference: '',
    kind: 'financing' as ProgrammeCreate['kind'],
    organisationId: '',
    titleFr: '',
    titleAr: '',
    titleEn: '',
    budget: '',
    status: 'draft' as 'draft' | 'active',
  });
  const [budgetError, setBudgetError] = useState<string | undefined>();
  const set = (name: keyof typeof values, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const mutation = useMutation({
    mutationFn: (body: ProgrammeCreate) => createProgramme(body),
    onSuccess: async (programme) => {
      await client.invalidateQueries({ queryKey: ['programmes'] });
      navigate(`/programmes/${programme.id}`);
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
    mutation.mutate({
      reference: values.reference.trim(),
      kind: values.kind,
      ...(values.organisationId ? { organisationId: values.organisationId } : {}),
      titleFr: values.titleFr.trim(),
      titleAr: values.titleAr.trim() || null,
      titleEn: values.titleEn.trim() || null,
      budgetCentimes: budget,
      status: values.status,
    });
  };
  const input = (
    name: 'reference' | 'titleFr' | 'titleAr' | 'titleEn',
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
  return (
    <>
      <PageHeader title={t('programme.newProgramme')} />
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
              onChange={(event) => set('status', event.currentTarget.value === 'active' ? 'active' : 'draft')}
              data={[
                { value: 'draft', label: t('programme.status.draft') },
                { value: 'active', label: t('programme.status.active') },
              ]}
            />
          </SimpleGrid>
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
  );
}
