import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';

/**
 * Shown when the server says the session is gone while the app thought it was logged in.
 * The page stays as it was underneath; logging in again brings the user back to it.
 */
export function SessionExpiredNotice() {
  const { t } = useTranslation();
  const { expired, forget } = useSession();
  const navigate = useNavigate();
  const location = useLocation();

  function logInAgain() {
    const next = `${location.pathname}${location.search}`;
    forget();
    navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true, state: { expired: true } });
  }

  return (
    <Modal
      opened={expired}
      onClose={logInAgain}
      title={t('session.expiredTitle')}
      withCloseButton={false}
      closeOnClickOutside={false}
      data-testid="session-expired"
    >
      <Text>{t('session.expiredBody')}</Text>
      <Group justify="flex-end" mt="lg">
        <Button onClick={logInAgain} data-autofocus>
          {t('session.loginAgain')}
        </Button>
      </Group>
    </Modal>
  );
}
