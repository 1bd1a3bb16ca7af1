import { Button, Group, NativeSelect, Paper, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { createOrganisation, getOrganisation, updateOrganisation } from '../../api/endpoints';
import type { Organisation, OrganisationInput, OrganisationKind } from '../../api/types';
import { fieldMessages } from '../../components/errorMessage';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ORGANISATION_KINDS, PARTNER_TYPES, type PartnerType } from './kinds';

const FIELDS = ['kind', 'partnerType', 'nameFr', 'nameAr', 'acronym', 'territoryCode'] as const;

/** Create (`/organisations/new`) or edit (`/organisations/:id/edit`) an organisation. */
export default function OrganisationFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: ['organisations', id],
    queryFn: () => getOrganisation(id ?? ''),
    enabled: id !== undefined,
  });
  const title = id ? t('org.editTitle') : t('org.createTitle');
  return (
    <>
      <PageHeader title={title} />
      {id ? (
        <QueryState query={existing}>{(org) => <OrganisationForm initial={org} />}</QueryState>
      ) : (
        <OrganisationForm initial={null} />
      )}
    </>
  );
}

function OrganisationForm({ initial }: { initial: Organisation | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<OrganisationKind>(initial?.kind ?? 'actor');
  const [partnerType, setPartnerType] = useState<PartnerType | ''>(initial?.partnerType ?? '');
  const [nameFr, setNameFr] = useState(initial?.nameFr ?? '');
  const [nameAr, setNameAr] = useState(initial?.nameAr ?? '');
  const [acronym, setAcronym] = useState(initial?.acronym ?? '');
  const [territoryCode, setTerritoryCode] = useState(initial?.territoryCode ?? '');

  const save = useMutation({
    mutationFn: (body: OrganisationInput) =>
      initial ? updateOrganisation(initial.id, body) : createOrganisation(body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
      navigate('/organisations');
    },
  });
  const errors = fieldMessages(t, save.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Creating: leave blank fields out. Editing: a blank field clears the stored value.
    const optional = (value: string) => value.trim() || (initial ? null : undefined);
    save.mutate({
      kind,
      partnerType: kind === 'partner' && partnerType ? partnerType : initial ? null : undefined,
      nameFr: nameFr.trim(),
      nameAr: optional(nameAr),
      acronym: optional(acronym),
      territoryCode: optional(territoryCode),
    });
  }

  return (
    <Paper withBorder p="lg" radius="md" maw={640}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormErrorSummary error={save.error} fields={FIELDS} formRef={formRef} />
          <NativeSelect
            label={t('org.kind')}
            value={kind}
            onChange={(event) => {
              const value = event.currentTarget.value;
              const next = ORGANISATION_KINDS.find((k) => k === value);
              if (next) setKind(next);
            }}
            data={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
            error={errors.kind}
          />
          {kind === 'partner' && (
            <NativeSelect
              label={t('org.partnerType')}
              name="partnerType"
              value={partnerType}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setPartnerType(PARTNER_TYPES.find((p) => p === value) ?? '');
              }}
              data={[
                { value: '', label: t('org.partnerTypeNone') },
                ...PARTNER_TYPES.map((p) => ({ value: p, label: t(`partnerType.${p}`) })),
              ]}
              error={errors.partnerType}
            />
          )}
          <TextInput
            label={t('org.nameFr')}
            required
            lang="fr"
            dir="ltr"
            value={nameFr}
            onChange={(event) => setNameFr(event.currentTarget.value)}
            error={errors.nameFr}
          />
          <TextInput
            label={t('org.nameAr')}
            lang="ar"
            dir="rtl"
            value={nameAr}
            onChange={(event) => setNameAr(event.currentTarget.value)}
            error={errors.nameAr}
          />
          <TextInput
            label={t('org.acronym')}
            value={acronym}
            onChange={(event) => setAcronym(event.currentTarget.value)}
            error={errors.acronym}
          />
          <TextInput
            label={t('org.territoryCode')}
            description={t('org.territoryHint')}
            dir="ltr"
            value={territoryCode}
            onChange={(event) => setTerritoryCode(event.currentTarget.value)}
            error={errors.territoryCode}
          />
          <Group justify="flex-end">
            <Button component={Link} to="/organisations" variant="default">
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
