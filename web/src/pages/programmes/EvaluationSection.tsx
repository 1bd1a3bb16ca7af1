import { Alert, Button, Group, NumberInput, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { pointerMessages } from '../conventions/formErrors';
import { ApplicationEvaluatorPicker } from './ApplicationEvaluatorPicker';
import {
  type Application,
  type Assignment,
  assignEvaluator,
  declareInterest,
  getCall,
  localLabel,
  saveScores,
} from './programmes.api';

/**
 * An evaluator's part of an application: first the declaration of interests (once), then a score
 * per criterion of the call's grid (0..max), and the weighted total the server computes.
 */
export function EvaluationSection({
  application,
  userId,
  manages,
}: {
  application: Application;
  userId: string;
  manages: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const call = useQuery({
    queryKey: ['calls', application.callId],
    queryFn: () => getCall(application.callId),
  });
  const [declared, setDeclared] = useState<Assignment | 'earlier' | null>(null);
  const [conflict, setConflict] = useState<'no' | 'yes'>('no');
  const [note, setNote] = useState('');
  const [scores, setScores] = useState<Record<string, number | string>>({});
  const assign = useMutation({ mutationFn: () => assignEvaluator(application.id, userId) });
  const declare = useMutation({
    mutationFn: () => declareInterest(application.id, conflict === 'yes', note.trim() || undefined),
    onSuccess: (assignment) => setDeclared(assignment),
    onError: (error) => {
      if (isApiError(error) && error.code === 'ALREADY_DECLARED') setDeclared('earlier');
    },
  });
  const grid = call.data?.scoringGrid ?? [];
  const score = useMutation({
    mutationFn: () =>
      saveScores(
        application.id,
        grid
          .filter((c) => scores[c.code] !== undefined && scores[c.code] !== '')
          .map((c) => ({ criterion: c.code, score: Number(scores[c.code]) })),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['applications'] });
    },
  });
  const scoreErrors = pointerMessages(t, score.error);
  const sent = grid.filter((c) => scores[c.code] !== undefined && scores[c.code] !== '');
  const errorFor = (code: string) => {
    const index = sent.findIndex((c) => c.code === code);
    return index < 0
      ? undefined
      : (scoreErrors[`scores/${index}/score`] ?? scoreErrors[`scores/${index}/criterion`]);
  };
  const hasConflict = declared !== null && declared !== 'earlier' && declared.hasConflict === true;
  const declareFailed =
    declare.isError && !(isApiError(declare.error) && declare.error.code === 'ALREADY_DECLARED');

  return (
    <section aria-labelledby="evaluation-title" data-testid="evaluation">
      <Title order={2} id="evaluation-title" mt="lg" mb="sm">
        {t('programme.evaluation')}
      </Title>
      {manages && (
        <Group mb="sm">
          <Button variant="default" onClick={() => assign.mutate()} loading={assign.isPending}>
            {t('programme.assignMe')}
          </Button>
          {assign.isSuccess && <Text role="status">{t('programme.assigned')}</Text>}
          {assign.isError && <ErrorNotice error={assign.error} />}
        </Group>
      )}
      {manages && <ApplicationEvaluatorPicker applicationId={application.id} />}
      {declared === null ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            declare.mutate();
          }}
        >
          <Stack gap="sm" maw={560}>
            <Radio.Group
              name="hasConflict"
              label={t('programme.declarationLabel')}
              value={conflict}
              onChange={(value) => setConflict(value === 'yes' ? 'yes' : 'no')}
            >
              <Stack gap={4} mt={4}>
                <Radio value="no" label={t('programme.noConflict')} />
                <Radio value="yes" label={t('programme.hasConflict')} />
              </Stack>
            </Radio.Group>
            <Textarea
              name="declaration"
              label={t('programme.declarationNote')}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
            />
            {declareFailed && <ErrorNotice error={declare.error} />}
            <div>
              <Button type="submit" loading={declare.isPending}>
                {t('programme.declare')}
              </Button>
            </div>
          </Stack>
        </form>
      ) : hasConflict ? (
        <Alert color="orange" role="status">
          {t('programme.conflictDeclared')}
        </Alert>
      ) : (
        <form
          aria-label={t('programme.scoresLabel')}
          onSubmit={(event) => {
            event.preventDefault();
            score.mutate();
          }}
        >
          <Stack gap="sm" maw={560}>
            <Text role="status">{t('programme.declaredNoConflict')}</Text>
            {grid.map((criterion) => (
              <NumberInput
                key={criterion.code}
                name={`scores.${criterion.code}`}
                label={t('programme.criterionInput', {
                  label: localLabel(criterion, lang),
                  max: formatNumber(criterion.max, lang),
                  weight: formatNumber(criterion.weight, lang),
                })}
                min={0}
                max={criterion.max}
                clampBehavior="none"
                decimalScale={2}
                value={scores[criterion.code] ?? ''}
                error={errorFor(criterion.code)}
                onChange={(value) => setScores((s) => ({ ...s, [criterion.code]: value }))}
              />
            ))}
            {score.isError && Object.keys(scoreErrors).length === 0 && <ErrorNotice error={score.error} />}
            <div>
              <Button type="submit" loading={score.isPending}>
                {t('programme.saveScores')}
              </Button>
            </div>
            {score.data && (
              <Text fw={700} role="status" data-testid="weighted-total">
                {score.data.total === null
                  ? t('programme.totalPending')
                  : t('programme.weightedTotal', {
                      formatted: formatNumber(Math.round(score.data.total * 100) / 100, lang),
                    })}
              </Text>
            )}
          </Stack>
        </form>
      )}
    </section>
  );
}
