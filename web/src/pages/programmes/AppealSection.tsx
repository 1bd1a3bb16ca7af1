import { Alert, Button, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldMessages } from '../../components/errorMessage';
import { currentLanguage } from '../../i18n';
import { formatDate, formatDateTime } from '../../i18n/format';
import { type AppealState, decideAppeal, fileAppeal, getAppealState } from './programmes.api';

/**
 * Appeals on the application page: the appeal filed (reason, who, when) and the manager's decision;
 * else, on an ineligible or rejected outcome, the deadline and the form the applicant side files it
 * with; a manager decides a pending appeal (upheld: eligibility is checked again; dismissed: final).
 */
export function AppealSection({
  applicationId,
  status,
  canAppeal,
  canDecide,
}: {
  applicationId: string;
  status: string;
  canAppeal: boolean;
  canDecide: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const state = useQuery({
    queryKey: ['applications', applicationId, 'appeal', status],
    queryFn: () => getAppealState(applicationId),
  });
  const data = state.data;
  if (!data || (!data.appeal && !data.deadline)) return null;
  return (
    <section aria-labelledby="appeal-title" data-testid="appeal">
      <Title order={2} id="appeal-title" mt="lg" mb="sm">
        {t('applicant.appeal')}
      </Title>
      {data.appeal ? (
        <FiledAppeal appeal={data.appeal} />
      ) : data.open ? (
        <Text mb="sm" data-testid="appeal-deadline">
          {t('applicant.appealDeadline', {
            date: formatDateTime(data.deadline ?? '', lang),
            days: data.appealDays,
          })}
        </Text>
      ) : (
        <Text mb="sm" data-testid="appeal-deadline">
          {t('applicant.appealDeadlinePassed', { date: formatDate(data.deadline ?? '', lang) })}
        </Text>
      )}
      {!data.appeal && data.open && canAppeal && <AppealForm applicationId={applicationId} />}
      {data.appeal && !data.appeal.outcome && status === 'appealed' && canDecide && (
        <DecisionForm applicationId={applicationId} />
      )}
    </section>
  );
}

function FiledAppeal({ appeal }: { appeal: NonNullable<AppealState['appeal']> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Stack gap={4} mb="sm" data-testid="appeal-filed">
      <Text>
        {t('applicant.appealFiled', { date: formatDateTime(appeal.filedAt, lang), who: appeal.filedByLabel })}
      </Text>
      <Text>{t('applicant.appealReasonShown', { reason: appeal.reason })}</Text>
      <Text fw={700} data-testid="appeal-outcome">
        {appeal.outcome === 'upheld'
          ? t('applicant.appealUpheld', { date: formatDate(appeal.decidedAt ?? '', lang) })
          : appeal.outcome === 'dismissed'
            ? t('applicant.appealDismissed', { date: formatDate(appeal.decidedAt ?? '', lang) })
            : t('applicant.appealPending')}
      </Text>
      {appeal.decisionNote && <Text>{t('applicant.appealNote', { note: appeal.decisionNote })}</Text>}
    </Stack>
  );
}

function AppealForm({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const appeal = useMutation({
    mutationFn: () => fileAppeal(applicationId, reason.trim()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['applications'] }),
  });
  const fieldError = fieldMessages(t, appeal.error).reason;
  // A refusal for the whole appeal (deadline passed, already appealed) in words, above the button.
  const refusal = appeal.isError && !fieldError;
  return (
    <form
      aria-labelledby="appeal-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        appeal.mutate();
      }}
    >
      <Stack gap="sm" maw={560}>
        <Textarea
          name="reason"
          label={t('applicant.appealReason')}
          description={t('applicant.appealReasonHint')}
          withAsterisk
          aria-required
          autosize
          minRows={3}
          value={reason}
          error={fieldError}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        {refusal &&
          (isApiError(appeal.error) && appeal.error.status === 409 ? (
            <Alert color="red" variant="outline" role="alert" data-testid="appeal-refused">
              {t(`errors.${appeal.error.code}`, { defaultValue: appeal.error.detail ?? appeal.error.title })}
            </Alert>
          ) : (
            <ErrorNotice error={appeal.error} />
          ))}
        <div>
          <Button type="submit" loading={appeal.isPending}>
            {t('applicant.appealSend')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

function DecisionForm({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed'>('upheld');
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: () => decideAppeal(applicationId, outcome, note.trim()),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['applications'] });
    },
  });
  return (
    <form
      aria-labelledby="appeal-decision-title"
      onSubmit={(event) => {
        event.preventDefault();
        decide.mutate();
      }}
    >
      <Stack gap="sm" maw={560}>
        <Title order={3} id="appeal-decision-title">
          {t('applicant.decideTitle')}
        </Title>
        <Radio.Group
          name="outcome"
          label={t('applicant.decideTitle')}
          value={outcome}
          onChange={(value) => setOutcome(value === 'dismissed' ? 'dismissed' : 'upheld')}
        >
          <Stack gap={4} mt={4}>
            <Radio value="upheld" label={t('applicant.decideUpheld')} />
            <Radio value="dismissed" label={t('applicant.decideDismissed')} />
          </Stack>
        </Radio.Group>
        <Textarea
          name="note"
          label={t('applicant.decideNote')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        {decide.isError && <ErrorNotice error={decide.error} />}
        <div>
          <Button type="submit" loading={decide.isPending}>
            {t('applicant.decideSend')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
