import './conventions.css';
import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage, type Language } from '../../i18n';
import { formatDate, formatMad } from '../../i18n/format';
import { TerritorySource } from '../actors/ActorParts';
import { territoryName, useTerritories } from '../actors/reference';
import { listIndicators, setCommitmentIndicators } from '../indicators/indicators.api';
import { indicatorName } from '../indicators/labels';
import { Section } from './ConventionDetail';
import { type CommitmentDetail, deleteCommitment, getCommitment, updateCommitment } from './conventions.api';
import { MilestoneEditor } from './MilestoneEditor';
import { CommitmentStatusBadge, OverdueBadge } from './parts';
import { axisName, listText, organisationLabel, titleOf, useAxes } from './reference';

/** One commitment: what, who, where, budget, milestones (editable by its partner), indicators. */
export default function CommitmentPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const commitment = useQuery({
    queryKey: ['commitments', 'one', id, user?.id ?? 'anonymous'],
    queryFn: () => getCommitment(id),
  });
  return <QueryState query={commitment}>{(data) => <CommitmentView commitment={data} />}</QueryState>;
}

function CommitmentView({ commitment: c }: { commitment: CommitmentDetail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const axes = useAxes();
  const territories = useTerritories();
  const isAdmin = user?.role === 'admin';
  const isOwnPartner = user?.role === 'partner' && c.canEdit === 'progress';
  const remove = useMutation({
    mutationFn: () => deleteCommitment(c.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['conventions'] });
      navigate(`/conventions/${c.conventionId}`);
    },
  });
  const party = organisationLabel(
    { nameFr: c.organisationNameFr, nameAr: c.organisationNameAr, acronym: c.organisationAcronym },
    lang,
  );
  const where =
    c.scope === 'national'
      ? t('commitment.national')
      : listText(
          c.territoryCodes.map((code) => territoryName(territories.data, code, lang)),
          lang,
        );
  const item = (label: string, value: string) => (
    <div className="cv-field">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );

  return (
    <>
      <PageHeader
        title={titleOf(c, lang)}
        actions={
          <>
            {isOwnPartner && (
              <Button component={Link} to={`/reports/new?commitment=${c.id}`}>
                {t('report.newForCommitment')}
              </Button>
            )}
            {isAdmin && (
              <>
                <Button component={Link} to={`/commitments/${c.id}/edit`}>
                  {t('common.edit')}
                </Button>
                <ConfirmButton
                  size="sm"
                  label={t('commitment.delete')}
                  title={t('commitment.deleteTitle')}
                  message={t('commitment.deleteConfirm', { title: titleOf(c, lang) })}
                  confirmLabel={t('commitment.delete')}
                  onConfirm={() => remove.mutateAsync()}
                />
              </>
            )}
          </>
        }
      />
      <Stack gap="md">
        {remove.isError && <ErrorNotice error={remove.error} />}
        <Group gap="xs">
          <CommitmentStatusBadge status={c.status} />
          {c.overdue && <OverdueBadge />}
        </Group>
        <Text>
          {t('commitment.ofConvention')}{' '}
          <Anchor component={Link} to={`/conventions/${c.conventionId}`}>
            {c.conventionReference} ·{' '}
            {titleOf({ titleFr: c.conventionTitleFr, titleAr: c.conventionTitleAr }, lang)}
          </Anchor>
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Section title={t('commitment.about')}>
            <dl className="cv-fields">
              {c.reference && item(t('commitment.reference'), c.reference)}
              {item(t('commitment.party'), party)}
              {item(t('commitment.axis'), axisName(axes.data, c.axisCode, lang))}
              {item(
                t('commitment.budget'),
                c.budgetCentimes === null ? '' : formatMad(c.budgetCentimes, lang),
              )}
              {item(t('commitment.startsOn'), c.startsOn ? formatDate(c.startsOn, lang) : '')}
              {item(t('commitment.endsOn'), c.endsOn ? formatDate(c.endsOn, lang) : '')}
              {item(t('commitment.where'), where)}
            </dl>
          </Section>
          <DescriptionSection commitment={c} />
        </SimpleGrid>
        <section aria-labelledby="milestones-title">
          <Title order={2} size="h3" id="milestones-title" mb="sm">
            {t('milestone.title')}
          </Title>
          <MilestoneEditor commitmentId={c.id} milestones={c.milestones} canEdit={c.canEdit} lang={lang} />
        </section>
        <IndicatorLinks commitmentId={c.id} canManage={isAdmin} lang={lang} />
        {c.scope === 'territories' && <TerritorySource />}
      </Stack>
    </>
  );
}

/** The description; the committing partner and administrators may rewrite it. */
function DescriptionSection({ commitment: c }: { commitment: CommitmentDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState(c.description ?? '');
  const save = useMutation({
    mutationFn: () => updateCommitment(c.id, { description: text.trim() || null, version: c.version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['commitments'] }),
  });
  return (
    <Section title={t('commitment.description')}>
      {c.canEdit === 'none' ? (
        <Text style={{ whiteSpace: 'pre-line' }}>{c.description || '—'}</Text>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
          noValidate
        >
          <Textarea
            name="description"
            label={t('commitment.description')}
            autosize
            minRows={3}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          {save.isError && <ErrorNotice error={save.error} />}
          <Group justify="flex-end" mt="xs">
            <Button type="submit" size="xs" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
          {save.isSuccess && (
            <Text size="sm" role="status">
              {t('commitment.saved')}
            </Text>
          )}
        </form>
      )}
    </Section>
  );
}

/** Indicators measuring the commitment; an administrator chooses them. */
function IndicatorLinks({
  commitmentId,
  canManage,
  lang,
}: {
  commitmentId: string;
  canManage: boolean;
  lang: Language;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const linked = useQuery({
    queryKey: ['indicators', 'list', { commitment: commitmentId }],
    queryFn: () => listIndicators({ commitment: commitmentId }),
  });
  const all = useQuery({
    queryKey: ['indicators', 'list', { source: 'reported' }],
    queryFn: () => listIndicators({ source: 'reported' }),
    enabled: canManage,
  });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const current = chosen ?? linked.data?.items.map((i) => i.id) ?? [];
  const save = useMutation({
    mutationFn: () => setCommitmentIndicators(commitmentId, current),
    onSuccess: async () => {
      setChosen(null);
      await queryClient.invalidateQueries({ queryKey: ['indicators'] });
    },
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="indicators-title">
      <Title order={2} size="h3" id="indicators-title" mb="sm">
        {t('commitment.indicators')}
      </Title>
      <QueryState query={linked}>
        {(data) =>
          data.items.length === 0 ? (
            <Text className="empty-state">{t('commitment.noIndicators')}</Text>
          ) : (
            <ul>
              {data.items.map((i) => (
                <li key={i.id}>
                  <Anchor component={Link} to={`/indicators/${i.id}`}>
                    {indicatorName(i, lang)}
                  </Anchor>{' '}
                  <span className="muted" dir="ltr">
                    {i.code}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {canManage && all.data && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Checkbox.Group
            label={t('commitment.chooseIndicators')}
            value={current}
            onChange={setChosen}
            mt="md"
          >
            <Stack gap={8} mt="xs">
              {all.data.items.map((i) => (
                <Checkbox key={i.id} value={i.id} label={`${indicatorName(i, lang)} (${i.code})`} />
              ))}
            </Stack>
          </Checkbox.Group>
          {save.isError && <ErrorNotice error={save.error} />}
          <Group justify="flex-end" mt="xs">
            <Button type="submit" size="xs" loading={save.isPending} disabled={chosen === null}>
              {t('commitment.saveIndicators')}
            </Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
