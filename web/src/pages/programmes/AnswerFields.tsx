import { Checkbox, NativeSelect, TextInput } from '@mantine/core';
import { currentLanguage } from '../../i18n';
import { type FormField, localLabel } from './programmes.api';

/** What the inputs hold: text as typed (numbers too, "2,5" included), booleans as checked. */
export type Answers = Record<string, string | boolean>;

function answerValue(field: FormField, raw: string | boolean | undefined): unknown {
  if (field.type === 'boolean') return raw === true;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (field.type === 'number' || field.type === 'integer') {
    const n = Number(raw.replace(',', '.'));
    // Not a number: sent as typed, so the server's error lands at the field.
    return Number.isNaN(n) ? raw : n;
  }
  return raw;
}

/** The request's `answers`: empty fields left out (a draft may keep them for later). */
export function answersBody(fields: FormField[], answers: Answers): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = answerValue(field, answers[field.code]);
    if (value !== undefined) body[field.code] = value;
  }
  return body;
}

/** A stored application's answers back into the inputs (a draft being edited). */
export function answersFromStored(fields: FormField[], stored: Record<string, unknown>): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    const value = stored[field.code];
    if (value === undefined || value === null) continue;
    answers[field.code] = typeof value === 'boolean' ? value : String(value);
  }
  return answers;
}

/** The call's own form fields, each with the server's error for `/body/answers/<code>`. */
export function AnswerFields({
  fields,
  answers,
  onChange,
  errorOf,
}: {
  fields: FormField[];
  answers: Answers;
  onChange: (code: string, value: string | boolean) => void;
  errorOf: (code: string) => string | undefined;
}) {
  const lang = currentLanguage();
  return (
    <>
      {fields.map((field) => {
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
              onChange={(event) => onChange(field.code, event.currentTarget.checked)}
            />
          );
        if (field.type === 'choice')
          return (
            <NativeSelect
              key={field.code}
              {...common}
              value={String(answers[field.code] ?? '')}
              onChange={(event) => onChange(field.code, event.currentTarget.value)}
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
            onChange={(event) => onChange(field.code, event.currentTarget.value)}
          />
        );
      })}
    </>
  );
}
