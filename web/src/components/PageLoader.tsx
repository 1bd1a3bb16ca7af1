import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Loading state: a spinner that screen readers announce. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="md" aria-hidden="true" />
      <span className="visually-hidden">{t('common.loading')}</span>
    </Center>
  );
}
