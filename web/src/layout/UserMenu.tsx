import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../auth/session';

/** Who is logged in and the log-out button, or a log-in link for visitors. */
export function UserMenu() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  if (!user) {
    return (
      <Button component={Link} to="/login" size="compact-sm" variant="outline">
        {t('auth.login')}
      </Button>
    );
  }

  async function logOut() {
    setBusy(true);
    try {
      await signOut();
    } finally {
      setBusy(false);
      navigate('/', { replace: true });
    }
  }

  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" visibleFrom="sm" data-testid="current-user">
        {user.displayName}
      </Text>
      <Button size="compact-sm" variant="outline" loading={busy} onClick={() => void logOut()}>
        {t('auth.logout')}
      </Button>
    </Group>
  );
}
