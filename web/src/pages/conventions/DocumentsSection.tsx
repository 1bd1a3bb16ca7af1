import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import type { Session } from '../../api/types';
import { SESSION_KEY } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatDate, formatNumber } from '../../i18n/format';
import { Section } from './ConventionDetail';
import {
  type Convention,
  DOCUMENT_KINDS,
  type DocumentKind,
  deleteDocument,
  uploadDocument,
} from './conventions.api';
import { FileField, fileErrorMessage } from './FileField';

/** The convention's documents with download links; an administrator uploads PDFs and removes them. */
export function DocumentsSection({ convention, canManage }: { convention: Convention; canManage: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind>('signed_convention');

  const upload = useMutation({
    mutationFn: (chosen: File) => {
      const session = queryClient.getQueryData<Session | null>(SESSION_KEY);
      return uploadDocument(
        convention.id,
        chosen,
        { title: title.trim() || chosen.name, kind },
        session?.csrfToken ?? null,
      );
    },
    onSuccess: async () => {
      setFile(null);
      setTitle('');
      formRef.current?.reset();
      await queryClient.invalidateQueries({ queryKey: ['conventions'] });
    },
  });
  const remove = useMutation({
    mutationFn: (documentId: string) => deleteDocument(convention.id, documentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conventions'] }),
  });

  const fileError = fileErrorMessage(t, upload.error);
  const titleError = isApiError(upload.error) ? upload.error.fieldErrors().title : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  return (
    <Section title={t('document.title')}>
      {convention.documents.length === 0 ? (
        <Text className="empty-state">{t('document.empty')}</Text>
      ) : (
        <ul data-testid="documents">
          {convention.documents.map((d) => (
            <li key={d.id}>
              <Anchor href={d.url} download>
                {d.title}
              </Anchor>{' '}
              <Text span size="sm" className="muted">
                {t('document.meta', {
                  kind: t(`documentKind.${d.kind}`),
                  size: formatNumber(Math.max(1, Math.round(d.sizeBytes / 1024)), lang),
                  date: formatDate(d.createdAt, lang),
                })}
              </Text>{' '}
              <Text span size="xs" className="muted" dir="ltr">
                SHA-256 {d.sha256.slice(0, 12)}…
              </Text>
              {canManage && (
                <ConfirmButton
                  ms="xs"
                  label={t('document.delete')}
                  ariaLabel={t('document.deleteNamed', { title: d.title })}
                  title={t('document.deleteTitle')}
                  message={t('document.deleteConfirm', { title: d.title })}
                  confirmLabel={t('document.delete')}
                  onConfirm={() => remove.mutateAsync(d.id)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {canManage && (
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby={titleId}>
          <Stack gap="xs" mt="md">
            <Text fw={700} size="sm" id={titleId}>
              {t('document.upload')}
            </Text>
            <FileField
              label={t('document.file')}
              hint={t('document.fileHint')}
              error={fileError}
              onChange={setFile}
            />
            <TextInput
              name="title"
              label={t('document.name')}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={titleError}
            />
            <NativeSelect
              name="kind"
              label={t('document.kind')}
              value={kind}
              onChange={(event) => {
                const next = DOCUMENT_KINDS.find((k) => k === event.currentTarget.value);
                if (next) setKind(next);
              }}
              data={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documentKind.${k}`) }))}
            />
            {upload.isError && !fileError && !titleError && <ErrorNotice error={upload.error} />}
            {upload.isSuccess && (
              <Text size="sm" role="status">
                {t('document.uploaded')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button type="submit" disabled={!file} loading={upload.isPending}>
                {t('document.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
