import '../conventions/conventions.css';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError } from '../../api/errors';
import type { Session } from '../../api/types';
import { SESSION_KEY, useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { TerritorySource } from '../actors/ActorParts';
import { useTerritories } from '../actors/reference';
import { FileField, fileErrorMessage } from '../conventions/FileField';
import { pointerMessages } from '../conventions/formErrors';
import { titleOf } from '../conventions/reference';
import { apiCell, cellFromApi, cellKey } from './cells';
import { getIndicator } from './indicators.api';
import { indicatorName } from './labels';
import { placeName, ReportStatusBadge, usePeriodText } from './reportParts';
import {
  cellInput,
  correctReport,
  evidenceHref,
  getReport,
  type Report,
  returnReport,
  validateReport,
} from './reports.api';
import { type CellDraft, cellsFromDrafts, ValueGrid, valueScale } from './ValueGrid';

/** One report: its values, evidence and status; the owner corrects and resubmits, an administrator reviews. */
export default function ReportDetail() {
  const { id = '' } = useParams();
  const report = useQuery({ queryKey: ['reports', 'one', id], queryFn: () => getReport(id) });
  return <QueryState query={report}>{(data) => <ReportView key={data.version} report={data} />}</QueryState>;
}

const drafts = (report: Report, scale: number): Record<string, CellDraft> =>
  Object.fromEntries(
    report.values.map((v) => [
      cellKey(cellFromApi(v)),
      {
        value: v.value === null ? '' : String(v.value / scale),
        numerator: v.numerator === null ? '' : String(v.numerator),
        denominator: v.denominator === null ? '' : String(v.denominator),
      },
    ]),
  );

function ReportView({ report }: { report: Report }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const location = useLocation();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const territories = useTerritories();
  const periodText = usePeriodText(lang);
  const indicator = useQuery({
    queryKey: ['indicators', 'one', report.indicatorId],
    queryFn: () => getIndicator(report.indicatorId),
  });
  // Filled from the stored values once the indicator (and so the unit's scale) is known.
  const [edited, setEdited] = useState<Record<string, CellDraft> | null>(null);
  const scale = indicator.data ? valueScale(indicator.data) : 1;
  const values = edited ?? (indicator.data ? drafts(report, scale) : {});
  const setCell = (key: string, draft: CellDraft) => setEdited({ ...values, [key]: draft });
  const [note, setNote] = useState(report.note ?? '');
  const [evidence, setEvidence] = useState<File | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');

  const isAdmin = user?.role === 'admin';
  const isOwner = user?.role === 'partner' && user.organisationId === report.organisationId;
  const canCorrect = (isOwner || isAdmin) && report.status !== 'validated';
  const canReview = isAdmin && report.status === 'submitted';
  const ratio = indicator.data?.aggregation === 'ratio';
  const refresh = (saved: Report) => {
    queryClient.setQueryData(['reports', 'one', report.id], saved);
    return queryClient.invalidateQueries({ queryKey: ['reports', 'list'] });
  };

  const correct = useMutation({
    mutationFn: () => {
      const def = indicator.data;
      if (!def) throw new Error('indicator not loaded');
      const { cells } = cellsFromDrafts(def.disaggregations, ratio, values, scale);
      const session = queryClient.getQueryData<Session | null>(SESSION_KEY);
      return correctReport(
        report.id,
        {
          version: report.version,
          note: note.trim() || null,
          values: cells.map(({ cell, value, numerator, denominator }) =>
            cellInput(apiCell(cell), ratio ? { numerator, denominator } : { value }),
          ),
        },
        evidence,
        session?.csrfToken ?? null,
      );
    },
    onSuccess: refresh,
  });
  const validate = useMutation({
    mutationFn: () => validateReport(report.id, report.version),
    onSuccess: refresh,
  });
  const sendBack = useMutation({
    mutationFn: () => returnReport(report.id, report.version, comment.trim()),
    onSuccess: async (saved) => {
      setReturning(false);
      await refresh(saved);
    },
  });
  const errors = { ...pointerMessages(t, correct.error), ...localErrors };
  const commentError = pointerMessages(t, sendBack.error).comment;

  function submitCorrection(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const def = indicator.data;
    if (!def) return;
    const { invalid } = cellsFromDrafts(def.disaggregations, ratio, values);
    setLocalErrors(Object.fromEntries(invalid.map((k) => [k, t('formError.number')])));
    if (invalid.length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    correct.mutate();
  }

  const item = (label: string, value: ReactNode) => (
    <div className="cv-field">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
  const name = indicatorName(
    { nameFr: report.indicatorNameFr, nameAr: report.indicatorNameAr, nameEn: report.indicatorNameEn },
    lang,
  );
  const place = placeName(territories.data, report.territoryCode, lang, t('target.national'));
  const submittedNow = (location.state as { submitted?: boolean } | null)?.submitted && report.version === 1;

  return (
    <>
      <PageHeader title={t('report.title', { name, period: periodText(report.period) })} />
      <Stack gap="md">
        <Group gap="xs">
          <ReportStatusBadge status={report.status} />
          <Text size="sm">{t(`reportStatusHint.${report.status}`)}</Text>
        </Group>
        {submittedNow && (
          <Alert color="teal" variant="outline" role="status" title={t('report.submittedTitle')}>
            {t('report.submittedBody')}
          </Alert>
        )}
        {correct.isSuccess && (
          <Alert color="teal" variant="outline" role="status" title={t('report.resubmittedTitle')}>
            {t('report.resubmittedBody')}
          </Alert>
        )}
        {report.status === 'returned' && report.reviewComment && (
          <Alert color="red" variant="outline" title={t('report.returnedTitle')} data-testid="review-comment">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {report.reviewComment}
            </Text>
          </Alert>
        )}
        {report.status === 'validated' && (
          <Alert color="teal" variant="outline" title={t('report.lockedTitle')} data-testid="locked">
            {t('report.lockedBody')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="report-about">
            <Title order={2} size="h4" mb="sm" id="report-about">
              {t('report.about')}
            </Title>
            <dl className="cv-fields">
              {item(
                t('report.indicator'),
                <Anchor component={Link} to={`/indicators/${report.indicatorId}`}>
                  {name}
                </Anchor>,
              )}
              {item(
                t('report.commitment'),
                <Anchor component={Link} to={`/commitments/${report.commitmentId}`}>
                  {titleOf({ titleFr: report.commitmentTitleFr, titleAr: report.commitmentTitleAr }, lang)}
                </Anchor>,
              )}
              {item(t('report.territory'), place)}
              {item(t('report.period'), periodText(report.period))}
              {item(t('report.submittedAt'), formatDateTime(report.submittedAt, lang))}
              {item(t('report.reviewedAt'), report.reviewedAt ? formatDateTime(report.reviewedAt, lang) : '')}
              {item(
                t('report.evidence'),
                report.evidence ? (
                  <Anchor href={evidenceHref(report.id)} download data-testid="evidence-link">
                    {report.evidence.originalName}
                  </Anchor>
                ) : (
                  ''
                ),
              )}
              {!canCorrect && item(t('report.note'), report.note)}
            </dl>
            {report.evidence && (
              <Text size="xs" className="muted" dir="ltr" mt="xs">
                SHA-256 {report.evidence.sha256.slice(0, 16)}… ·{' '}
                {formatNumber(Math.max(1, Math.round(report.evidence.sizeBytes / 1024)), lang)} KB
              </Text>
            )}
          </Paper>
          {canReview && (
            <Paper withBorder p="md" radius="md" component="section" aria-labelledby="report-review">
              <Title order={2} size="h4" mb="sm" id="report-review">
                {t('review.title')}
              </Title>
              <Text size="sm" mb="sm">
                {t('review.hint')}
              </Text>
              {(validate.isError || sendBack.isError) && !commentError && (
                <ErrorNotice error={validate.error ?? sendBack.error} />
              )}
              <Group>
                <ConfirmButton
                  color="teal"
                  variant="filled"
                  size="sm"
                  label={t('review.validate')}
                  title={t('review.validateTitle')}
                  message={t('review.validateConfirm')}
                  confirmLabel={t('review.validate')}
                  onConfirm={() => validate.mutateAsync()}
                />
                <Button color="red" variant="outline" onClick={() => setReturning(true)}>
                  {t('review.return')}
                </Button>
              </Group>
              <Modal
                opened={returning}
                onClose={() => setReturning(false)}
                title={t('review.returnTitle')}
                closeButtonProps={{ 'aria-label': t('common.close') }}
              >
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    sendBack.mutate();
                  }}
                  noValidate
                >
                  <Textarea
                    name="comment"
                    label={t('review.comment')}
                    description={t('review.commentHint')}
                    required
                    autosize
                    minRows={3}
                    value={comment}
                    onChange={(event) => setComment(event.currentTarget.value)}
                    error={commentError}
                    data-autofocus
                  />
                  <Group justify="flex-end" mt="md">
                    <Button variant="default" onClick={() => setReturning(false)}>
                      {t('common.cancel')}
                    </Button>
                    <Button type="submit" color="red" loading={sendBack.isPending}>
                      {t('review.returnConfirm')}
                    </Button>
                  </Group>
                </form>
              </Modal>
            </Paper>
          )}
        </SimpleGrid>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="report-values">
          <Title order={2} size="h4" mb="sm" id="report-values">
            {t('report.values')}
          </Title>
          <QueryState query={indicator}>
            {(def) =>
              canCorrect ? (
                <form ref={formRef} onSubmit={submitCorrection} noValidate>
                  <Stack gap="sm">
                    <FormErrorSummary
                      error={correct.error}
                      fields={['note', 'evidence', 'values', ...Object.keys(errors)]}
                      formRef={formRef}
                    />
                    {isApiError(correct.error) && correct.error.code === 'STALE_VERSION' && (
                      <Text size="sm">{t('convention.staleBody')}</Text>
                    )}
                    <ValueGrid
                      disaggregations={def.disaggregations}
                      ratio={def.aggregation === 'ratio'}
                      values={values}
                      onChange={setCell}
                      errors={errors}
                      readOnly={false}
                      lang={lang}
                    />
                    <Textarea
                      name="note"
                      label={t('report.note')}
                      autosize
                      minRows={2}
                      value={note}
                      onChange={(event) => setNote(event.currentTarget.value)}
                      error={errors.note}
                    />
                    <FileField
                      name="evidence"
                      label={t('report.newEvidence')}
                      hint={t('report.newEvidenceHint')}
                      error={fileErrorMessage(t, correct.error)}
                      onChange={setEvidence}
                    />
                    <Group justify="flex-end">
                      <Button type="submit" loading={correct.isPending}>
                        {report.status === 'returned' ? t('report.resubmit') : t('report.saveCorrection')}
                      </Button>
                    </Group>
                  </Stack>
                </form>
              ) : (
                <ValueGrid
                  disaggregations={def.disaggregations}
                  ratio={def.aggregation === 'ratio'}
                  values={values}
                  errors={{}}
                  readOnly
                  lang={lang}
                />
              )
            }
          </QueryState>
        </Paper>
        {report.territoryCode && <TerritorySource />}
        <Anchor component={Link} to={isAdmin ? '/reports/review' : '/reports'}>
          {isAdmin ? t('review.back') : t('report.back')}
        </Anchor>
      </Stack>
    </>
  );
}
