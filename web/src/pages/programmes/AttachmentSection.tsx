import { Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import type { Session } from '../../api/types';
import { SESSION_KEY } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { FileField, fileErrorMessage } from '../conventions/FileField';
import { postMultipart } from '../conventions/upload';
import { type Attachment, attachmentUrl, listAttachments } from './programmes.api';

/** The sentence at the file field: not a PDF, too large, empty, already attached, none chosen. */
function attachmentFileError(t: TFunction, error: unknown, missing: boolean): string | undefined {
  if (missing) return t('applicant.attachmentMissing');
  if (isApiError(error) && error.code === 'CONFLICT' && error.fieldErrors().file)
    return t('applicant.attachmentDuplicate');
  return fileErrorMessage(t, error);
}

/**
 * The application's attachments (PDFs), listed with download links for whoever sees the
 * application; the applicant side adds one (label + file) while the call is open.
 */
export function AttachmentSection({
  applicationId,
  canAdd,
  callOpen,
}: {
  applicationId: string;
  canAdd: boolean;
  callOpen: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState('');
  const [missing, setMissing] = useState(false);
  const list = useQuery({
    queryKey: ['applications', applicationId, 'attachments'],
    queryFn: () => listAttachments(applicationId),
  });
  const upload = useMutation({
    mutationFn: (chosen: File) => {
      const session = client.getQueryData<Session | null>(SESSION_KEY);
      return postMultipart<Attachment>(
        `/api/applications/${applicationId}/attachments`,
        chosen,
        label.trim() ? { label: label.trim() } : {},
        session?.csrfToken ?? null,
      );
    },
    onSuccess: async () => {
      setFile(null);
      setLabel('');
      formRef.current?.reset();
      await client.invalidateQueries({ queryKey: ['applications', applicationId, 'attachments'] });
    },
  });
  const fileError = attachmentFileError(t, upload.error, missing);
  const labelError = isApiError(upload.error) ? upload.error.fieldErrors().label : undefined;
  const closed = isApiError(upload.error) && upload.error.code === 'CALL_CLOSED';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMissing(file === null);
    if (file) upload.mutate(file);
  }

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="attachments-title" data-testid="attachments">
      <Title order={2} id="attachments-title" mt="lg" mb="sm">
        {t('applicant.attachments')}
      </Title>
      {list.isError && <ErrorNotice error={list.error} />}
      {list.isSuccess && items.length === 0 && (
        <Text className="empty-state">{t('applicant.attachmentsEmpty')}</Text>
      )}
      {items.length > 0 && (
        <ul data-testid="attachment-list">
          {items.map((a) => (
            <li key={a.fileId}>
              <Anchor href={attachmentUrl(applicationId, a.fileId)} download={a.originalName}>
                {a.label}
              </Anchor>{' '}
              <Text span size="sm" className="muted">
                {t('applicant.attachmentSize', {
                  size: formatNumber(Math.max(1, Math.round(a.sizeBytes / 1024)), lang),
                })}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {canAdd && !callOpen && <Text className="muted">{t('applicant.attachmentClosed')}</Text>}
      {canAdd && callOpen && (
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="attachment-upload-title">
          <Stack gap="xs" mt="md" maw={560}>
            <Text fw={700} size="sm" id="attachment-upload-title">
              {t('applicant.attachmentUpload')}
            </Text>
            <TextInput
              name="label"
              label={t('applicant.attachmentLabel')}
              value={label}
              maxLength={200}
              error={labelError}
              onChange={(event) => setLabel(event.currentTarget.value)}
            />
            <FileField
              label={t('applicant.attachmentFile')}
              hint={t('applicant.attachmentHint')}
              error={fileError}
              required
              onChange={(chosen) => {
                setFile(chosen);
                setMissing(false);
              }}
            />
            {closed && (
              <Text role="alert" className="cv-file-error" data-testid="attachment-closed">
                {t('applicant.attachmentClosed')}
              </Text>
            )}
            {upload.isError && !fileError && !labelError && !closed && <ErrorNotice error={upload.error} />}
            {upload.isSuccess && (
              <Text size="sm" role="status">
                {t('applicant.attachmentAdded')}
              </Text>
            )}
            <div>
              <Button type="submit" loading={upload.isPending}>
                {t('applicant.attachmentSend')}
              </Button>
            </div>
          </Stack>
        </form>
      )}
    </section>
  );
}
