import { Alert, Button, Group, NativeSelect, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { assignEvaluator, listEvaluatorCandidates } from './programmes.api';

/**
 * The programme's manager names an evaluator for the application among administrators and partner
 * users. Someone of the applicant's own organisation is refused by the server (403
 * CONFLICT_OF_INTEREST), said here in words of this situation.
 */
export function ApplicationEvaluatorPicker({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [evaluatorId, setEvaluatorId] = useState('');
  const candidates = useQuery({
    queryKey: ['applications', applicationId, 'evaluator-candidates'],
    queryFn: () => listEvaluatorCandidates(applicationId),
  });
  const items = candidates.data?.items ?? [];
  const name = useMutation({
    mutationFn: (id: string) => assignEvaluator(applicationId, id),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: ['applications', applicationId, 'evaluator-candidates'] }),
  });
  const conflict = isApiError(name.error) && name.error.code === 'CONFLICT_OF_INTEREST';
  const named = items.find((c) => c.id === name.variables);
  return (
    <form
      aria-labelledby="name-evaluator-title"
      data-testid="name-evaluator"
      onSubmit={(event) => {
        event.preventDefault();
        if (evaluatorId) name.mutate(evaluatorId);
      }}
    >
      <Text fw={700} id="name-evaluator-title" mb={4}>
        {t('applicant.nameEvaluator')}
      </Text>
      <Group align="flex-end" gap="sm" mb="sm">
        <NativeSelect
          name="evaluatorId"
          label={t('applicant.evaluator')}
          value={evaluatorId}
          onChange={(event) => setEvaluatorId(event.currentTarget.value)}
          data={[
            { value: '', label: t('applicant.evaluatorPlaceholder') },
            ...items.map((c) => {
              const label = c.organisationName ? `${c.displayName} — ${c.organisationName}` : c.displayName;
              return {
                value: c.id,
                label: c.assigned ? t('applicant.evaluatorAssigned', { name: label }) : label,
              };
            }),
          ]}
        />
        <Button type="submit" variant="default" disabled={!evaluatorId} loading={name.isPending}>
          {t('applicant.nameEvaluatorSend')}
        </Button>
      </Group>
      {candidates.isError && <ErrorNotice error={candidates.error} />}
      {conflict && (
        <Alert color="red" variant="outline" role="alert" mb="sm" data-testid="evaluator-conflict">
          {t('applicant.evaluatorConflict')}
        </Alert>
      )}
      {name.isError && !conflict && <ErrorNotice error={name.error} />}
      {name.isSuccess && (
        <Text role="status" mb="sm">
          {t('applicant.evaluatorNamed', { name: named?.displayName ?? '' })}
        </Text>
      )}
    </form>
  );
}
