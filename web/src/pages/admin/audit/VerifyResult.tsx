import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '../../../api/types';
import { currentLanguage } from '../../../i18n';
import { formatNumber } from '../../../i18n/format';

/** Outcome of "verify chain": intact, or where the first break is and what kind it is. */
export function VerifyResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  const checked = formatNumber(result.checked, currentLanguage());
  if (result.ok) {
    return (
      <Alert
        color="teal"
        variant="outline"
        title={t('audit.chainOk')}
        role="status"
        data-testid="verify-result"
      >
        {t('audit.checked', { formatted: checked })}
      </Alert>
    );
  }
  const problem = result.firstProblem;
  return (
    <Alert
      color="red"
      variant="outline"
      title={t('audit.chainBroken')}
      role="alert"
      data-testid="verify-result"
    >
      <Text size="sm">{t('audit.checked', { formatted: checked })}</Text>
      {problem && (
        <Text size="sm" mt="xs">
          {t('audit.firstProblem', { seq: problem.seq, kind: t(`audit.problem.${problem.kind}`) })}
          {problem.detail ? ` — ${problem.detail}` : ''}
        </Text>
      )}
    </Alert>
  );
}
