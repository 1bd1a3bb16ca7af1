import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { pointerMessages } from '../conventions/formErrors';
import { AnswerFields, type Answers, answersBody, answersFromStored } from './AnswerFields';
import { type Application, type Call, deleteDraft, submitDraft, updateDraft } from './programmes.api';

/**
 * The applicant side completes its draft: the call's form filled with the saved answers, "Save the
 * draft" (partial answers kept, each one type-checked), "Submit" (saved first, then submitted: every
 * answer checked, eligibility evaluated; the server's errors at their fields) and "Delete the draft"
 * behind a confirmation. Only the applicant side sees a draft; the server decides who may act (404).
 */
export function DraftSection({ application, call }: { application: Application; call: Call }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [answers, setAnswers] = useState<Answers>(() =>
    answersFromStored(call.formFields, application.answers),
  );
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['applications'] });
    await client.invalidateQueries({ queryKey: ['notifications'] });
  };
  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      await updateDraft(application.id, { answers: answersBody(call.formFields, answers) });
      return submit ? submitDraft(application.id) : null;
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => deleteDraft(application.id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['applications'] });
      navigate('/applications');
    },
  });
  const errors = pointerMessages(t, save.error);
  const set = (code: string, value: string | boolean) => {
    setAnswers((a) => ({ ...a, [code]: value }));
  };

  return (
    <section aria-labelledby="draft-title" data-testid="draft">
      <Title order={2} id="draft-title" mb="xs">
        {t('applicant.draftTitle')}
      </Title>
      <Text mb="sm">{t('applicant.draftHint')}</Text>
      <form
        aria-labelledby="draft-title"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(true);
        }}
      >
        <Stack gap="sm" maw={560} mb="lg">
          <AnswerFields
            fields={call.formFields}
            answers={answers}
            onChange={set}
            errorOf={(code) => errors[`answers/${code}`]}
          />
          {save.isError && Object.keys(errors).length === 0 && <ErrorNotice error={save.error} />}
          {save.isError && Object.keys(errors).length > 0 && (
            <Alert color="red" role="alert" data-testid="draft-errors">
              {t('programme.fixFields')}
            </Alert>
          )}
          {save.isSuccess && save.variables === false && (
            <Text role="status" data-testid="draft-saved">
              {t('applicant.draftSaved')}
            </Text>
          )}
          <Group gap="sm">
            <Button type="submit" loading={save.isPending && save.variables === true}>
              {t('programme.submitApplication')}
            </Button>
            <Button
              type="button"
              variant="default"
              loading={save.isPending && save.variables === false}
              onClick={() => save.mutate(false)}
            >
              {t('applicant.draftSave')}
            </Button>
            <ConfirmButton
              variant="subtle"
              color="red"
              label={t('applicant.draftDelete')}
              title={t('applicant.draftDeleteTitle')}
              message={t('applicant.draftDeleteConfirm')}
              confirmLabel={t('applicant.draftDelete')}
              onConfirm={() => remove.mutateAsync()}
            />
          </Group>
          {remove.isError && <ErrorNotice error={remove.error} />}
        </Stack>
      </form>
    </section>
  );
}
