import { Alert, Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CreatedToken } from '../../../api/types';

/** The new token's secret, shown once, with a copy button. */
export function TokenSecret({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="teal"
      variant="outline"
      title={t('token.secretTitle', { name: created.token.name })}
      role="status"
    >
      <Text size="sm">{t('token.secretOnce')}</Text>
      <Code block mt="xs" dir="ltr" data-testid="token-secret">
        {created.secret}
      </Code>
      <Group mt="sm">
        <CopyButton value={created.secret}>
          {({ copied, copy }) => (
            <Button size="xs" onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" onClick={onDismiss}>
          {t('token.secretSaved')}
        </Button>
      </Group>
    </Alert>
  );
}
