import { Anchor, Group, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language } from '../../i18n';
import { formatDate, formatMad } from '../../i18n/format';
import { type Territories, territoryName } from '../actors/reference';
import type { Axis, Commitment, Milestone } from './conventions.api';
import { CommitmentStatusBadge, MilestoneStatusBadge, OverdueBadge } from './parts';
import { axisName, listText, organisationLabel, titleOf } from './reference';

interface CommitmentCardProps {
  commitment: Commitment;
  axes: Axis[] | undefined;
  territories: Territories | undefined;
  lang: Language;
}

/** What one party promised, where, with what budget, and how its milestones stand. */
export function CommitmentCard({ commitment: c, axes, territories, lang }: CommitmentCardProps) {
  const { t } = useTranslation();
  const party = organisationLabel(
    { nameFr: c.organisationNameFr, nameAr: c.organisationNameAr, acronym: c.organisationAcronym },
    lang,
  );
  const where =
    c.scope === 'national'
      ? t('commitment.national')
      : listText(
          c.territoryCodes.map((code) => territoryName(territories, code, lang)),
          lang,
        );
  const dates = [c.startsOn, c.endsOn].map((d) => (d ? formatDate(d, lang) : '…')).join(' – ');
  return (
    <Paper withBorder p="md" radius="md" component="article" data-testid="commitment">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={3} size="h5">
          <Anchor component={Link} to={`/commitments/${c.id}`}>
            {c.reference ? `${c.reference} · ` : ''}
            {titleOf(c, lang)}
          </Anchor>
        </Title>
        <Group gap={4}>
          <CommitmentStatusBadge status={c.status} />
          {c.overdue && <OverdueBadge />}
        </Group>
      </Group>
      <dl className="cv-fields">
        <div className="cv-field">
          <dt>{t('commitment.party')}</dt>
          <dd>{party}</dd>
        </div>
        <div className="cv-field">
          <dt>{t('commitment.axis')}</dt>
          <dd>{axisName(axes, c.axisCode, lang)}</dd>
        </div>
        <div className="cv-field">
          <dt>{t('commitment.budget')}</dt>
          <dd data-testid="commitment-budget">
            {c.budgetCentimes === null ? '—' : formatMad(c.budgetCentimes, lang)}
          </dd>
        </div>
        <div className="cv-field">
          <dt>{t('commitment.period')}</dt>
          <dd>{dates}</dd>
        </div>
        <div className="cv-field">
          <dt>{t('commitment.where')}</dt>
          <dd data-testid="commitment-where">{where}</dd>
        </div>
      </dl>
      <MilestoneList milestones={c.milestones} lang={lang} />
    </Paper>
  );
}

export function MilestoneList({ milestones, lang }: { milestones: readonly Milestone[]; lang: Language }) {
  const { t } = useTranslation();
  if (milestones.length === 0) return null;
  return (
    <>
      <Text fw={700} size="sm" mt="sm" mb={4}>
        {t('milestone.title')}
      </Text>
      <ul className="milestone-list" aria-label={t('milestone.title')}>
        {milestones.map((m) => (
          <li key={m.id} data-testid="milestone">
            <span>{titleOf(m, lang)}</span>
            <span className="muted">{t('milestone.dueOn', { date: formatDate(m.dueOn, lang) })}</span>
            <MilestoneStatusBadge status={m.status} />
            {m.overdue && <OverdueBadge />}
          </li>
        ))}
      </ul>
    </>
  );
}
