import './conventions.css';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDate, formatDateTime, formatMad } from '../../i18n/format';
import { TerritorySource } from '../actors/ActorParts';
import { useTerritories } from '../actors/reference';
import { ConventionProgress } from '../dashboards/ConventionProgress';
import { CommitmentCard } from './CommitmentCard';
import { type Convention, deleteConvention, getConvention, updateConvention } from './conventions.api';
import { DocumentsSection } from './DocumentsSection';
import { ConventionStatusBadge, DemoBadge } from './parts';
import { axisName, organisationLabel, titleOf, useAxes } from './reference';

export default function ConventionDetail() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const convention = useQuery({
    queryKey: ['conventions', 'one', id, user?.id ?? 'anonymous'],
    queryFn: () => getConvention(id),
  });
  return <QueryState query={convention}>{(data) => <ConventionView convention={data} />}</QueryState>;
}

function ConventionView({ convention }: { convention: Convention }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const axes = useAxes();
  const territories = useTerritories();
  const isAdmin = user?.role === 'admin';
  const summary = lang === 'ar' ? convention.summaryAr || convention.summaryFr : convention.summaryFr;

  const publish = useMutation({
    mutationFn: (published: boolean) =>
      updateConvention(convention.id, { published, version: convention.version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conventions'] }),
  });
  const remove = useMutation({
    mutationFn: () => deleteConvention(convention.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['conventions'] });
      navigate('/conventions');
    },
  });

  const item = (label: string, value: ReactNode) => (
    <div className="cv-field" key={label}>
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
  const date = (value: string | null) => (value ? formatDate(value, lang) : '');

  return (
    <>
      <PageHeader
        title={titleOf(convention, lang)}
        actions={
          isAdmin && (
            <>
              <Button component={Link} to={`/conventions/${convention.id}/edit`}>
                {t('common.edit')}
              </Button>
              {convention.status !== 'draft' && (
                <Button
                  variant="default"
                  loading={publish.isPending}
                  onClick={() => publish.mutate(!convention.published)}
                >
                  {convention.published ? t('convention.unpublish') : t('convention.publish')}
                </Button>
              )}
              {convention.status === 'draft' && (
                <ConfirmButton
                  size="sm"
                  label={t('convention.delete')}
                  title={t('convention.deleteTitle')}
                  message={t('convention.deleteConfirm', { reference: convention.reference })}
                  confirmLabel={t('convention.delete')}
                  onConfirm={() => remove.mutateAsync()}
                />
              )}
            </>
          )
        }
      />
      <Stack gap="md">
        {publish.isError && <ErrorNotice error={publish.error} />}
        {remove.isError && <ErrorNotice error={remove.error} />}
        <Group gap="xs">
          <ConventionStatusBadge status={convention.status} />
          {convention.isDemo && <DemoBadge />}
          <Text size="sm" data-testid="published-state">
            {convention.published ? t('convention.published') : t('convention.unpublished')}
          </Text>
        </Group>
        {convention.isDemo && (
          <Alert color="indigo" variant="outline" title={t('convention.demoTitle')}>
            {t('convention.demoBody')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Section title={t('convention.about')}>
            <dl className="cv-fields">
              {item(t('convention.reference'), <span dir="ltr">{convention.reference}</span>)}
              {lang !== 'ar' &&
                convention.titleAr &&
                item(
                  t('convention.titleAr'),
                  <span lang="ar" dir="rtl">
                    {convention.titleAr}
                  </span>,
                )}
              {lang === 'ar' &&
                item(
                  t('convention.titleFr'),
                  <span lang="fr" dir="ltr">
                    {convention.titleFr}
                  </span>,
                )}
              {item(t('convention.signedOn'), date(convention.signedOn))}
              {item(t('convention.signedPlace'), convention.signedPlace)}
              {item(t('convention.signingEvent'), convention.signingEvent)}
              {item(t('convention.startsOn'), date(convention.startsOn))}
              {item(t('convention.endsOn'), date(convention.endsOn))}
              {item(t('convention.budget'), formatMad(convention.counts.budgetCentimes, lang))}
              {item(t('common.updatedAt'), formatDateTime(convention.updatedAt, lang))}
            </dl>
            {summary && (
              <Text mt="sm" size="sm" style={{ whiteSpace: 'pre-line' }}>
                {summary}
              </Text>
            )}
          </Section>
          <Section title={t('convention.axes')}>
            {convention.axisCodes.length === 0 ? (
              <Text className="empty-state">{t('convention.noAxes')}</Text>
            ) : (
              <ul>
                {convention.axisCodes.map((code) => (
                  <li key={code}>{axisName(axes.data, code, lang)}</li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('convention.partiesAndSignatories')}>
            {convention.parties.length === 0 ? (
              <Text className="empty-state">{t('convention.noParties')}</Text>
            ) : (
              <ul data-testid="parties">
                {convention.parties.map((party) => {
                  const signatories = convention.signatories.filter(
                    (s) => s.organisationId === party.organisationId,
                  );
                  return (
                    <li key={party.organisationId}>
                      {organisationLabel(party, lang)}
                      {party.role === 'lead' && ` — ${t('convention.lead')}`}
                      {signatories.length > 0 && (
                        <ul>
                          {signatories.map((s) => (
                            <li key={s.id}>
                              {s.functionTitle
                                ? t('convention.signedBy', { name: s.fullName, function: s.functionTitle })
                                : t('convention.signedByName', { name: s.fullName })}
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </Section>
          <DocumentsSection convention={convention} canManage={isAdmin} />
        </SimpleGrid>
        <section aria-labelledby="commitments-title">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h3" id="commitments-title">
              {t('convention.commitments')}
            </Title>
            {isAdmin && (
              <Button component={Link} to={`/conventions/${convention.id}/commitments/new`} variant="default">
                {t('commitment.create')}
              </Button>
            )}
          </Group>
          {convention.commitments.length === 0 ? (
            <Text className="empty-state">{t('convention.noCommitments')}</Text>
          ) : (
            <Stack gap="sm">
              {convention.commitments.map((commitment) => (
                <CommitmentCard
                  key={commitment.id}
                  commitment={commitment}
                  axes={axes.data}
                  territories={territories.data}
                  lang={lang}
                />
              ))}
            </Stack>
          )}
        </section>
        {convention.commitments.length > 0 && (
          <ConventionProgress conventionId={convention.id} commitments={convention.commitments} />
        )}
        <TerritorySource />
        <Anchor component={Link} to="/conventions">
          {t('convention.backToList')}
        </Anchor>
      </Stack>
    </>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
