import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../components/usePageTitle';

/**
 * "Something went wrong": shown by the error boundary instead of a blank screen.
 * The way back is a full navigation home, which also clears whatever state broke the page.
 */
export function ErrorPage({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  usePageTitle(t('errorPage.title'));
  return (
    <Stack gap="md" align="flex-start" role="alert" data-page="error">
      <Title order={1}>{t('errorPage.title')}</Title>
      <Text>{t('errorPage.body')}</Text>
      <Group>
        <Button onClick={onRetry}>{t('common.retry')}</Button>
        <Button component="a" href="/" variant="default">
          {t('common.backHome')}
        </Button>
      </Group>
    </Stack>
  );
}
