import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';

/**
 * The end of the programme and call forms: what went wrong (a summary when the errors sit at their
 * fields, the problem itself otherwise), Save, and Delete for a record that exists.
 */
export function ProgrammeFormActions({
  saving,
  saveError,
  hasFieldErrors,
  removeError,
  deleteLabel,
  onDelete,
}: {
  saving: boolean;
  saveError: unknown;
  hasFieldErrors: boolean;
  removeError: unknown;
  /** Shown, with onDelete, only when editing an existing record. */
  deleteLabel?: string;
  onDelete?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {saveError != null && hasFieldErrors && (
        <Alert color="red" role="alert">
          {t('programme.fixFields')}
        </Alert>
      )}
      {saveError != null && !hasFieldErrors && <ErrorNotice error={saveError} />}
      {removeError != null && <ErrorNotice error={removeError} />}
      <Group>
        <Button type="submit" loading={saving}>
          {t('programme.save')}
        </Button>
        {deleteLabel && onDelete && (
          <Button variant="default" color="red" onClick={onDelete}>
            {deleteLabel}
          </Button>
        )}
      </Group>
    </>
  );
}
