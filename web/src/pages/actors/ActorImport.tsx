import './actors.css';
import { Alert, Anchor, Button, Checkbox, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/types';
import { SESSION_KEY } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { StatCard } from '../../components/StatCard';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { type ImportReport, uploadImport } from './actors.api';
import { WARNING_COLOR } from './fields';

type Problem = ImportReport['errors'][number];

/** Upload a CSV or XLSX file of actors; the report lists every refused row with its column and reason. */
export default function ActorImport() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const n = (value: number) => formatNumber(value, lang);

  const upload = useMutation({
    mutationFn: (chosen: File) => {
      const session = queryClient.getQueryData<Session | null>(SESSION_KEY);
      setProgress(0);
      return uploadImport(chosen, { csrfToken: session?.csrfToken ?? null, dryRun, onProgress: setProgress });
    },
    onSettled: () => setProgress(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['actors'] }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  const problemColumns: Column<Problem>[] = [
    { key: 'row', header: t('actorImport.row'), cell: (p) => n(p.row) },
    { key: 'column', header: t('actorImport.column'), cell: (p) => <span dir="ltr">{p.column ?? ''}</span> },
    { key: 'reason', header: t('actorImport.reason'), cell: (p) => <span dir="ltr">{p.reason}</span> },
  ];
  const report = upload.data;

  return (
    <>
      <PageHeader title={t('actorImport.title')} />
      <Stack gap="md" maw={960}>
        <Text size="sm">{t('actorImport.intro')}</Text>
        <Group gap="md">
          <Anchor href="/api/actors/import/template.csv" download>
            {t('actorImport.templateCsv')}
          </Anchor>
          <Anchor href="/api/actors/import/template.xlsx" download>
            {t('actorImport.templateXlsx')}
          </Anchor>
        </Group>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <div>
                <label htmlFor={inputId} className="file-label">
                  {t('actorImport.file')}
                </label>
                <input
                  id={inputId}
                  name="file"
                  type="file"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  className="file-input"
                  onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
                />
              </div>
              <Checkbox
                name="dryRun"
                label={t('actorImport.dryRun')}
                description={t('actorImport.dryRunHint')}
                checked={dryRun}
                onChange={(event) => setDryRun(event.currentTarget.checked)}
              />
              {progress !== null && (
                <Progress
                  value={Math.round(progress * 100)}
                  aria-label={t('actorImport.progress')}
                  aria-valuetext={t('actorImport.progressValue', {
                    formatted: n(Math.round(progress * 100)),
                  })}
                />
              )}
              <Group justify="flex-end">
                <Button type="submit" disabled={!file} loading={upload.isPending}>
                  {t('actorImport.upload')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
        {upload.isError && <ErrorNotice error={upload.error} onRetry={() => file && upload.mutate(file)} />}
        {report && (
          <Stack gap="md" data-testid="import-report">
            <Title order={2}>{report.dryRun ? t('actorImport.reportDry') : t('actorImport.report')}</Title>
            <StatCard
              title={t('actorImport.rows')}
              value={n(report.rows)}
              lines={[
                { label: t('actorImport.created'), value: n(report.created) },
                { label: t('actorImport.updated'), value: n(report.updated) },
                { label: t('actorImport.unchanged'), value: n(report.unchanged) },
                { label: t('actorImport.rejected'), value: n(report.rejected) },
              ]}
            />
            {report.rejectsUrl && (
              <Alert color={WARNING_COLOR} variant="outline" title={t('actorImport.rejectsTitle')}>
                <Text size="sm" mb="xs">
                  {t('actorImport.rejectsBody')}
                </Text>
                <Anchor href={report.rejectsUrl} download>
                  {t('actorImport.rejectsLink')}
                </Anchor>
              </Alert>
            )}
            {report.errors.length > 0 && (
              <section aria-label={t('actorImport.errors')}>
                <Title order={3} size="h4" mb="xs">
                  {t('actorImport.errorsCount', { formatted: n(report.errorsTotal) })}
                </Title>
                <DataTable
                  caption={t('actorImport.errors')}
                  rows={report.errors}
                  columns={problemColumns}
                  rowKey={(p) => `${p.row}:${p.column ?? ''}:${p.reason}`}
                />
              </section>
            )}
            {report.warnings.length > 0 && (
              <section aria-label={t('actorImport.warnings')}>
                <Title order={3} size="h4" mb="xs">
                  {t('actorImport.warningsCount', { formatted: n(report.warningsTotal) })}
                </Title>
                <DataTable
                  caption={t('actorImport.warnings')}
                  rows={report.warnings}
                  columns={problemColumns}
                  rowKey={(p) => `${p.row}:${p.column ?? ''}:${p.reason}`}
                />
              </section>
            )}
          </Stack>
        )}
      </Stack>
    </>
  );
}
