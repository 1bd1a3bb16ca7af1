import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { errorMessage, fieldMessages } from '../components/errorMessage';
import { usePageTitle } from '../components/usePageTitle';

/** Only same-site paths are followed after login (no open redirect through ?next=). */
function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.loginTitle'));
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = (location.state as { expired?: boolean } | null)?.expired === true;

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (user && !busy) return <Navigate to={next} replace />;

  const fields = fieldMessages(t, error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ email: email.trim(), password });
      navigate(next, { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="lg" radius="md" maw={420} mx="auto" mt="lg">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <Title order={1}>{t('auth.loginTitle')}</Title>
          {expired && !error && (
            <Alert color="yellow" variant="outline" role="status">
              {t('session.expiredBody')}
            </Alert>
          )}
          {error !== null && Object.keys(fields).length === 0 && (
            <Alert color="red" variant="outline" role="alert" data-testid="login-error">
              {errorMessage(t, error)}
            </Alert>
          )}
          <TextInput
            label={t('auth.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fields.email}
          />
          <PasswordInput
            label={t('auth.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fields.password}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
          />
          <Button type="submit" loading={busy}>
            {t('auth.login')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
