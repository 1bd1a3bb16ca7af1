import { Alert, Button, Checkbox, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { pointerMessages } from '../conventions/formErrors';
import { ActorPicker } from './ActorPicker';
import { applyToCall, type Call, type FormField, localLabel } from './programmes.api';

type Answers = Record<string, string | boolean>;

function answerValue(field: FormField, raw: string | boolean | undefined): unknown {
  if (field.type === 'boolean') return raw === true;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (field.type === 'number' || field.type === 'integer') {
    const n = Number(raw.replace(',', '.'));
    return Number.isNaN(n) ? raw : n;
  }
  return raw;
}

/**
 * An actor applies to an open call, or a territorial agent (an administrator) on an actor's behalf,
 * chosen with the actor picker: the call's own form fields, server errors at each field.
 */
export function ApplyForm({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user } = useSession();
  const onBehalf = user?.role === 'territorial' || user?.role === 'admin';
  const [actorId, setActorId] = useState('');
  const [actorMissing, setActorMissing] = useState(false);
  const [answers, setAnswers] = useState<Answers>({});
  const mutation = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      for (const field of call.formFields) {
        const value = answerValue(field, answers[field.code]);
        if (value !== undefined) body[field.code] = value;
      }
      return applyToCall(call.id, { answers: body, ...(onBehalf ? { actorId } : {}) });
    },
    onSuccess: async (application) => {
      await client.invalidateQueries({ queryKey: ['applications'] });
      await client.invalidateQueries({ queryKey: ['notifications'] });
      navigate(`/applications/${application.id}`);
    },
  });
  const errors = pointerMessages(t, mutation.error);
  const errorOf = (code: string) => errors[`answers/${code}`];
  const set = (code: string, value: string | boolean) => setAnswers((a) => ({ ...a, [code]: value }));

  return (
    <form
      aria-labelledby="apply-title"
      onSubmit={(event) => {
        event.preventDefault();
        setActorMissing(onBehalf && actorId === '');
        if (onBehalf && actorId === '') return;
        mutation.mutate();
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
        {call.formFields.map((field) => {
          const label = localLabel(field, lang);
          const error = errorOf(field.code);
          const common = {
            name: field.code,
            label,
            withAsterisk: field.required === true,
            'aria-required': field.required === true,
            error,
          };
          if (field.type === 'boolean')
            return (
              <Checkbox
                key={field.code}
                name={field.code}
                label={label}
                error={error}
                checked={answers[field.code] === true}
                onChange={(event) => set(field.code, event.currentTarget.checked)}
              />
            );
          if (field.type === 'choice')
            return (
              <NativeSelect
                key={field.code}
                {...common}
                value={String(answers[field.code] ?? '')}
                onChange={(event) => set(field.code, event.currentTarget.value)}
                data={[
                  { value: '', label: '—' },
                  ...(field.options ?? []).map((o) => ({ value: o, label: o })),
                ]}
              />
            );
          return (
            <TextInput
              key={field.code}
              {...common}
              type={field.type === 'date' ? 'date' : field.type === 'text' ? 'text' : 'number'}
              value={String(answers[field.code] ?? '')}
              onChange={(event) => set(field.code, event.currentTarget.value)}
            />
          );
        })}
        {mutation.isError && Object.keys(errors).length === 0 && <ErrorNotice error={mutation.error} />}
        {mutation.isError && Object.keys(errors).length > 0 && (
          <Alert color="red" role="alert">
            {t('programme.fixFields')}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={mutation.isPending}>
            {t('programme.submitApplication')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
