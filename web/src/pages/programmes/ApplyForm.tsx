import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { pointerMessages } from '../conventions/formErrors';
import { ActorPicker } from './ActorPicker';
import { AnswerFields, type Answers, answersBody } from './AnswerFields';
import { applyToCall, type Call, listCallApplications } from './programmes.api';

/**
 * An actor applies to an open call, or a territorial agent (an administrator) on an actor's behalf,
 * chosen with the actor picker: the call's own form fields, server errors at each field. "Save as
 * draft" keeps partial answers without submitting (the draft is completed and submitted from its
 * page, `DraftSection`). An actor that already applied (a draft included) gets a link to it instead.
 */
export function ApplyForm({ call }: { call: Call }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user } = useSession();
  const onBehalf = user?.role === 'territorial' || user?.role === 'admin';
  const [actorId, setActorId] = useState('');
  const [actorMissing, setActorMissing] = useState(false);
  const [answers, setAnswers] = useState<Answers>({});
  // An actor sees only its own applications: one to this call means it already applied.
  const own = useQuery({
    queryKey: ['applications', 'call', call.id],
    queryFn: () => listCallApplications(call.id),
    enabled: user?.role === 'actor',
  });
  const existing = own.data?.items[0];
  const mutation = useMutation({
    mutationFn: (draft: boolean) =>
      applyToCall(call.id, {
        answers: answersBody(call.formFields, answers),
        ...(onBehalf ? { actorId } : {}),
        ...(draft ? { draft: true } : {}),
      }),
    onSuccess: async (application) => {
      await client.invalidateQueries({ queryKey: ['applications'] });
      await client.invalidateQueries({ queryKey: ['notifications'] });
      navigate(`/applications/${application.id}`);
    },
  });
  const errors = pointerMessages(t, mutation.error);
  const set = (code: string, value: string | boolean) => setAnswers((a) => ({ ...a, [code]: value }));
  const send = (draft: boolean) => {
    setActorMissing(onBehalf && actorId === '');
    if (onBehalf && actorId === '') return;
    mutation.mutate(draft);
  };

  if (existing && !mutation.isPending && !mutation.isSuccess)
    return (
      <section aria-labelledby="apply-title">
        <Title order={2} id="apply-title" mb="sm">
          {t('programme.apply')}
        </Title>
        <Text data-testid="own-application">
          {existing.status === 'draft' ? t('applicant.draftExists') : t('applicant.alreadyApplied')}{' '}
          <Anchor component={Link} to={`/applications/${existing.id}`}>
            {t('applicant.openApplication')}
          </Anchor>
        </Text>
      </section>
    );

  return (
    <form
      aria-labelledby="apply-title"
      onSubmit={(event) => {
        event.preventDefault();
        send(false);
      }}
    >
      <Title order={2} id="apply-title" mb="sm">
        {t('programme.apply')}
      </Title>
      <Stack gap="sm" maw={560}>
        {onBehalf && (
          <ActorPicker
            value={actorId}
            onChange={(id) => {
              setActorId(id);
              setActorMissing(false);
            }}
            error={actorMissing ? t('applicant.actorRequired') : errors.actorId}
          />
        )}
        <AnswerFields
          fields={call.formFields}
          answers={answers}
          onChange={set}
          errorOf={(code) => errors[`answers/${code}`]}
        />
        {mutation.isError && Object.keys(errors).length === 0 && <ErrorNotice error={mutation.error} />}
        {mutation.isError && Object.keys(errors).length > 0 && (
          <Alert color="red" role="alert">
            {t('programme.fixFields')}
          </Alert>
        )}
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending && mutation.variables === false}>
            {t('programme.submitApplication')}
          </Button>
          <Button
            type="button"
            variant="default"
            loading={mutation.isPending && mutation.variables === true}
            onClick={() => send(true)}
          >
            {t('applicant.saveDraft')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
