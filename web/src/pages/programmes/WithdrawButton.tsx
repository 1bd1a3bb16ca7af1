import { Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { WITHDRAWABLE_STATUSES, withdrawOwnApplication } from './programmes.api';

/**
 * The applicant (or its agent) withdraws its application, behind a confirmation. A selected one
 * gives its benefit back and the waiting list moves up: the message afterwards says how many moved
 * up. Stays mounted after the status changes so that message remains.
 */
export function WithdrawButton({ applicationId, status }: { applicationId: string; status: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const withdraw = useMutation({
    mutationFn: () => withdrawOwnApplication(applicationId),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['applications'] });
      await client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
  const done = withdraw.data;
  return (
    <div data-testid="withdrawal">
      {WITHDRAWABLE_STATUSES.includes(status) && !done && (
        <ConfirmButton
          size="sm"
          mb="sm"
          label={t('applicant.withdraw')}
          title={t('applicant.withdrawTitle')}
          message={t('applicant.withdrawConfirm')}
          confirmLabel={t('applicant.withdraw')}
          onConfirm={() => withdraw.mutateAsync()}
        />
      )}
      {withdraw.isError && <ErrorNotice error={withdraw.error} />}
      {done && (
        <Text role="status" mb="sm" fw={700}>
          {done.promoted.length > 0
            ? t('applicant.withdrawnPromoted', { formatted: formatNumber(done.promoted.length, lang) })
            : t('applicant.withdrawn')}
        </Text>
      )}
    </div>
  );
}
