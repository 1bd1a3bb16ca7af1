import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createToken } from '../../../api/endpoints';
import type { CreatedToken, Organisation, Role, TokenInput } from '../../../api/types';
import { ROLES } from '../../../auth/roles';
import { fieldMessages } from '../../../components/errorMessage';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { OrganisationSelect } from '../../../components/OrganisationSelect';

const FIELDS = ['name', 'role', 'organisationId', 'territoryCode', 'expiresAt'] as const;

/** New API token; the parent shows the returned secret (it is never shown again). */
export function TokenCreateForm({
  organisations,
  onCreated,
}: {
  organisations: readonly Organisation[];
  onCreated: (created: CreatedToken) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('partner');
  const [organisationId, setOrganisationId] = useState('');
  const [territoryCode, setTerritoryCode] = useState('');
  const [expiresOn, setExpiresOn] = useState('');

  const create = useMutation({
    mutationFn: (body: TokenInput) => createToken(body),
    onSuccess: async (created) => {
      setName('');
      setExpiresOn('');
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const errors = fieldMessages(t, create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      name: name.trim(),
      role,
      organisationId: organisationId || undefined,
      territoryCode: territoryCode.trim() || undefined,
      expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59Z`).toISOString() : undefined,
    });
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="token-create-title">
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="token-create-title">
            {t('token.createTitle')}
          </Title>
          <FormErrorSummary error={create.error} fields={FIELDS} formRef={formRef} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('token.name')}
              name="name"
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.name}
            />
            <NativeSelect
              label={t('token.role')}
              name="role"
              value={role}
              onChange={(event) => {
                const value = event.currentTarget.value;
                const next = ROLES.find((r) => r === value);
                if (next) setRole(next);
              }}
              data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              error={errors.role}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <OrganisationSelect
              organisations={organisations}
              value={organisationId}
              onChange={setOrganisationId}
              error={errors.organisationId}
            />
            <TextInput
              label={t('user.territoryCode')}
              name="territoryCode"
              dir="ltr"
              value={territoryCode}
              onChange={(event) => setTerritoryCode(event.currentTarget.value)}
              error={errors.territoryCode}
            />
            <TextInput
              label={t('token.expiresAt')}
              name="expiresAt"
              type="date"
              value={expiresOn}
              onChange={(event) => setExpiresOn(event.currentTarget.value)}
              error={errors.expiresAt}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t('token.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
