import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable';
import { StatusBadge } from '../../components/StatusBadge';
import { currentLanguage } from '../../i18n';
import { formatDate, formatMad, formatNumber } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import type { Commitment } from './dashboards.api';
import { localTitle } from './reference';

interface CommitmentTableProps {
  caption: string;
  commitments: readonly Commitment[];
  /** Links each commitment's title to its page (D2's commitment page). */
  linkTo?: (c: Commitment) => string | null;
}

/** Commitments with their party, span, budget, milestones done and overdue flags. */
export function CommitmentTable({ caption, commitments, linkTo }: CommitmentTableProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const span = (c: Commitment) =>
    [c.startsOn, c.endsOn].map((d) => (d ? formatDate(d, lang) : '…')).join(' – ');
  const columns: Column<Commitment>[] = [
    {
      key: 'title',
      header: t('dash.commitment'),
      cell: (c) => {
        const href = linkTo?.(c) ?? null;
        const title = localTitle(c, lang);
        return href ? (
          <Anchor component={Link} to={href}>
            {title}
          </Anchor>
        ) : (
          title
        );
      },
    },
    {
      key: 'party',
      header: t('dash.party'),
      cell: (c) =>
        c.organisationAcronym ??
        localName({ nameFr: c.organisationNameFr, nameAr: c.organisationNameAr }, lang),
    },
    { key: 'span', header: t('dash.span'), cell: span },
    {
      key: 'budget',
      header: t('dash.budget'),
      cell: (c) => (c.budgetCentimes === null ? '—' : formatMad(c.budgetCentimes, lang)),
    },
    {
      key: 'milestones',
      header: t('dash.milestones'),
      cell: (c) => (
        <>
          {t('dash.milestonesOf', {
            done: formatNumber(c.milestonesDone, lang),
            total: formatNumber(c.milestones.length, lang),
          })}
          {c.milestonesOverdue > 0 && (
            <Text component="span" className="milestone-overdue" ms="xs">
              {t('dash.overdueCount', { formatted: formatNumber(c.milestonesOverdue, lang) })}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'status',
      header: t('dash.status'),
      cell: (c) =>
        c.overdue ? (
          <Text component="span" className="milestone-overdue">
            {t('dash.commitmentOverdue')}
          </Text>
        ) : (
          <StatusBadge tone={c.status === 'active' ? 'positive' : 'neutral'}>
            {t(`dash.commitmentStatus.${c.status}`)}
          </StatusBadge>
        ),
    },
  ];
  return <DataTable caption={caption} rows={commitments} columns={columns} rowKey={(c) => c.id} />;
}
