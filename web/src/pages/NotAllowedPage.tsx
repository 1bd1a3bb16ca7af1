import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../components/usePageTitle';

/** Shown for a page the user may not see: says so, shows no data, and offers a way home. */
export function NotAllowedPage() {
  const { t } = useTranslation();
  usePageTitle(t('notAllowed.title'));
  return (
    <Stack gap="md" align="flex-start" data-page="not-allowed">
      <Title order={1}>{t('notAllowed.title')}</Title>
      <Text>{t('notAllowed.body')}</Text>
      <Button component={Link} to="/">
        {t('common.backHome')}
      </Button>
    </Stack>
  );
}
