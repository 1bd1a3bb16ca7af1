import '../conventions/conventions.css';
import { Anchor, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { TerritorySource } from '../actors/ActorParts';
import { territoryName, useTerritories } from '../actors/reference';
import { Section } from '../conventions/ConventionDetail';
import { getCommitment } from '../conventions/conventions.api';
import { DemoBadge } from '../conventions/parts';
import { axisName, listText, titleOf, useAxes } from '../conventions/reference';
import { type IndicatorDetail as Detail, getIndicator, listTargets, type Target } from './indicators.api';
import { formatValue, indicatorName } from './labels';

/** One indicator's definition and its baselines and targets. Public. */
export default function IndicatorDetail() {
  const { id = '' } = useParams();
  const indicator = useQuery({ queryKey: ['indicators', 'one', id], queryFn: () => getIndicator(id) });
  return <QueryState query={indicator}>{(data) => <IndicatorView indicator={data} />}</QueryState>;
}

function IndicatorView({ indicator: i }: { indicator: Detail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const axes = useAxes();
  const territories = useTerritories();
  const targets = useQuery({ queryKey: ['indicators', 'targets', i.id], queryFn: () => listTargets(i.id) });
  // The commitments' titles (the definition carries only their ids); the first 20 are named.
  const commitments = useQueries({
    queries: i.commitmentIds.slice(0, 20).map((id) => ({
      queryKey: ['commitments', 'one', id, user?.id ?? 'anonymous'],
      queryFn: () => getCommitment(id),
    })),
  });
  const description = lang === 'ar' ? i.descriptionAr : lang === 'en' ? i.descriptionEn : i.descriptionFr;
  const item = (label: string, value: ReactNode) => (
    <div className="cv-field">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
  const columns: Column<Target>[] = [
    {
      key: 'territory',
      header: t('target.territory'),
      cell: (r) =>
        r.territoryCode ? territoryName(territories.data, r.territoryCode, lang) : t('target.national'),
    },
    { key: 'period', header: t('target.period'), cell: (r) => <span dir="ltr">{r.period}</span> },
    { key: 'kind', header: t('target.kind'), cell: (r) => t(`targetKind.${r.kind}`) },
    {
      key: 'value',
      header: t('target.value'),
      cell: (r) => formatValue(r.value, i.unit, i.aggregation, lang),
    },
  ];
  const isAdmin = user?.role === 'admin';
  return (
    <>
      <PageHeader
        title={indicatorName(i, lang)}
        actions={
          isAdmin &&
          i.source === 'reported' && (
            <>
              <Button component={Link} to={`/indicators/${i.id}/edit`}>
                {t('common.edit')}
              </Button>
              <Button component={Link} to={`/indicators/${i.id}/targets`} variant="default">
                {t('target.edit')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        {i.isDemo && (
          <Group>
            <DemoBadge />
          </Group>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Section title={t('indicator.definition')}>
            <dl className="cv-fields">
              {item(t('indicator.code'), <span dir="ltr">{i.code}</span>)}
              {item(t('indicator.nameFr'), <span lang="fr">{i.nameFr}</span>)}
              {item(t('indicator.nameAr'), <span lang="ar">{i.nameAr}</span>)}
              {item(t('indicator.nameEn'), <span lang="en">{i.nameEn}</span>)}
              {item(t('indicator.unit'), t(`indicatorUnit.${i.unit}`))}
              {item(t('indicator.aggregation'), t(`aggregation.${i.aggregation}`))}
              {item(t('indicator.temporal'), t(`temporal.${i.temporal}`))}
              {item(
                t('indicator.disaggregations'),
                listText(
                  i.disaggregations.map((d) => t(`dimension.${d}`)),
                  lang,
                ) || t('indicator.noDisaggregation'),
              )}
              {item(t('indicator.source'), t(`indicatorSource.${i.source}`))}
              {item(t('indicator.axis'), axisName(axes.data, i.axisCode, lang))}
            </dl>
            {description && (
              <Text mt="sm" size="sm" style={{ whiteSpace: 'pre-line' }}>
                {description}
              </Text>
            )}
          </Section>
          <Section title={t('indicator.commitments')}>
            {i.commitmentIds.length === 0 ? (
              <Text className="empty-state">{t('indicator.noCommitments')}</Text>
            ) : (
              <ul>
                {i.commitmentIds.map((id, n) => {
                  const found = commitments[n]?.data;
                  return (
                    <li key={id}>
                      <Anchor component={Link} to={`/commitments/${id}`}>
                        {found
                          ? `${found.conventionReference} · ${titleOf(found, lang)}`
                          : t('indicator.commitmentN', { n: n + 1 })}
                      </Anchor>
                    </li>
                  );
                })}
              </ul>
            )}
          </Section>
        </SimpleGrid>
        <Section title={t('target.title')}>
          <QueryState query={targets} isEmpty={(d) => d.items.length === 0} emptyText={t('target.empty')}>
            {(data) => (
              <DataTable
                caption={t('target.title')}
                rows={data.items}
                columns={columns}
                rowKey={(r) => r.id}
              />
            )}
          </QueryState>
        </Section>
        <TerritorySource />
      </Stack>
    </>
  );
}
