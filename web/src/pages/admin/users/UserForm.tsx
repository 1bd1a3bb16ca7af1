import { Button, Group, NativeSelect, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { createUser, listOrganisations } from '../../../api/endpoints';
import type { Locale, Role, UserInput } from '../../../api/types';
import { ROLES } from '../../../auth/roles';
import { fieldMessages } from '../../../components/errorMessage';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { OrganisationSelect } from '../../../components/OrganisationSelect';
import { PageHeader } from '../../../components/PageHeader';
import { currentLanguage, LANGUAGES } from '../../../i18n';

const FIELDS = [
  'email',
  'displayName',
  'role',
  'organisationId',
  'territoryCode',
  'locale',
  'password',
] as const;

export default function UserForm() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const organisations = useQuery({ queryKey: ['organisations'], queryFn: listOrganisations });

  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('actor');
  const [organisationId, setOrganisationId] = useState('');
  const [territoryCode, setTerritoryCode] = useState('');
  const [locale, setLocale] = useState<Locale>(lang);
  const [password, setPassword] = useState('');

  const save = useMutation({
    mutationFn: (body: UserInput) => createUser(body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      navigate('/admin/users');
    },
  });
  const errors = fieldMessages(t, save.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      email: email.trim(),
      displayName: displayName.trim(),
      role,
      organisationId: organisationId || undefined,
      territoryCode: territoryCode.trim() || undefined,
      locale,
      password,
    });
  }

  return (
    <>
      <PageHeader title={t('user.createTitle')} />
      <Paper withBorder p="lg" radius="md" maw={640}>
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormErrorSummary error={save.error} fields={FIELDS} formRef={formRef} />
            <TextInput
              label={t('user.email')}
              name="email"
              type="email"
              dir="ltr"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={errors.email}
            />
            <TextInput
              label={t('user.displayName')}
              name="displayName"
              required
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
              error={errors.displayName}
            />
            <NativeSelect
              label={t('user.role')}
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
            <OrganisationSelect
              organisations={organisations.data?.items ?? []}
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
            <NativeSelect
              label={t('user.locale')}
              name="locale"
              value={locale}
              onChange={(event) => {
                const value = event.currentTarget.value;
                const next = LANGUAGES.find((l) => l === value);
                if (next) setLocale(next);
              }}
              data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
              error={errors.locale}
            />
            <PasswordInput
              label={t('user.password')}
              name="password"
              description={t('user.passwordHint')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={errors.password}
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            />
            <Group justify="flex-end">
              <Button component={Link} to="/admin/users" variant="default">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
