import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';
import { errorMessage } from './errorMessage';

/** A failed request: what went wrong, the request id to quote to support, and a retry button. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <Alert color="red" variant="outline" title={t('common.requestFailed')} role="alert">
      <Text size="sm">{errorMessage(t, error)}</Text>
      {requestId && (
        <Text size="xs" mt="xs">
          {t('common.requestId', { id: requestId })}
        </Text>
      )}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="filled" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
