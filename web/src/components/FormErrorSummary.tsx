import { Alert, List } from '@mantine/core';
import { type RefObject, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';
import { errorMessage } from './errorMessage';

/**
 * The part of a failed submission that no field can show: the overall message, plus field
 * errors whose field is not on this form. Moves focus to the first invalid field, if any.
 */
export function FormErrorSummary({
  error,
  fields,
  formRef,
}: {
  error: unknown;
  fields: readonly string[];
  formRef: RefObject<HTMLFormElement | null>;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!error) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [error, formRef]);

  if (!error) return null;
  const stray = isApiError(error)
    ? error.errors.filter((e) => !fields.some((f) => e.pointer === `/body/${f}`))
    : [];
  return (
    <Alert color="red" variant="outline" role="alert" title={t('common.formFailed')} data-testid="form-error">
      {errorMessage(t, error)}
      {stray.length > 0 && (
        <List size="sm" mt="xs">
          {stray.map((e) => (
            <List.Item key={`${e.pointer}:${e.detail}`}>
              {e.pointer ? `${e.pointer}: ${e.detail}` : e.detail}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
