import type { TFunction } from 'i18next';
import { useId } from 'react';
import { isApiError } from '../../api/errors';
import { FILE_ERROR_CODES } from './upload';

interface FileFieldProps {
  label: string;
  hint: string;
  error: string | undefined;
  onChange: (file: File | null) => void;
  required?: boolean;
  name?: string;
}

/** A PDF file input with its hint and its error, linked for assistive technology. */
export function FileField({ label, hint, error, onChange, required, name = 'file' }: FileFieldProps) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="cv-file-label">
        {label}
        {required && ' *'}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept="application/pdf,.pdf"
        className="cv-file-input"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        required={required}
        onChange={(event) => onChange(event.currentTarget.files?.[0] ?? null)}
      />
      <div id={`${id}-hint`} className="muted" style={{ fontSize: 'var(--mantine-font-size-xs)' }}>
        {hint}
      </div>
      {error && (
        <div id={`${id}-error`} className="cv-file-error" data-testid="file-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** The sentence to show at the file field when the server refused the file; undefined otherwise. */
export function fileErrorMessage(t: TFunction, error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  if ((FILE_ERROR_CODES as readonly string[]).includes(error.code)) return t(`errors.${error.code}`);
  const fields = error.fieldErrors();
  return fields.file || fields.evidence ? t('document.fileMissing') : undefined;
}
