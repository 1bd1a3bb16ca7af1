import '../conventions/conventions.css';
import { Anchor, Button, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { DemoBadge } from '../conventions/parts';
import { axisLabel, axisName, useAxes } from '../conventions/reference';
import { type Indicator, type IndicatorFilters, listIndicators } from './indicators.api';
import { indicatorName } from './labels';

/** Indicator definitions: public; an administrator defines new ones. */
export default function IndicatorList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const axes = useAxes();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 350);
  const source = params.get('source');
  const filters: IndicatorFilters = {
    ...(q ? { q } : {}),
    ...(params.get('axis') ? { axis: params.get('axis') ?? '' } : {}),
    ...(source === 'reported' || source === 'computed' ? { source } : {}),
  };
  const list = useQuery({
    queryKey: ['indicators', 'list', filters],
    queryFn: () => listIndicators(filters),
    placeholderData: keepPreviousData,
  });
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  const columns: Column<Indicator>[] = [
    { key: 'code', header: t('indicator.code'), cell: (i) => <span dir="ltr">{i.code}</span> },
    {
      key: 'name',
      header: t('indicator.name'),
      cell: (i) => (
        <>
          <Anchor component={Link} to={`/indicators/${i.id}`}>
            {indicatorName(i, lang)}
          </Anchor>{' '}
          {i.isDemo && <DemoBadge />}
        </>
      ),
    },
    { key: 'unit', header: t('indicator.unit'), cell: (i) => t(`indicatorUnit.${i.unit}`) },
    {
      key: 'aggregation',
      header: t('indicator.aggregation'),
      cell: (i) => t(`aggregation.${i.aggregation}`),
    },
    { key: 'source', header: t('indicator.source'), cell: (i) => t(`indicatorSource.${i.source}`) },
    { key: 'axis', header: t('indicator.axis'), cell: (i) => axisName(axes.data, i.axisCode, lang) },
  ];

  return (
    <>
      <PageHeader
        title={t('indicator.listTitle')}
        actions={
          user?.role === 'admin' && (
            <Button component={Link} to="/indicators/new">
              {t('indicator.create')}
            </Button>
          )
        }
      />
      <search aria-label={t('indicator.filtersLabel')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mb="md">
          <TextInput
            type="search"
            name="q"
            label={t('indicator.search')}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <NativeSelect
            name="axis"
            label={t('indicator.axis')}
            value={params.get('axis') ?? ''}
            onChange={(event) => setParam('axis', event.currentTarget.value)}
            data={[
              { value: '', label: t('convention.any') },
              ...(axes.data ?? []).map((a) => ({ value: a.code, label: axisLabel(a, lang) })),
            ]}
          />
          <NativeSelect
            name="source"
            label={t('indicator.source')}
            value={source ?? ''}
            onChange={(event) => setParam('source', event.currentTarget.value)}
            data={[
              { value: '', label: t('convention.any') },
              { value: 'reported', label: t('indicatorSource.reported') },
              { value: 'computed', label: t('indicatorSource.computed') },
            ]}
          />
        </SimpleGrid>
      </search>
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} emptyText={t('indicator.empty')}>
        {(data) => (
          <>
            <Text fw={700} mb="sm" role="status">
              {t('indicator.total', { formatted: formatNumber(data.total, lang) })}
            </Text>
            <DataTable
              caption={t('indicator.listTitle')}
              rows={data.items}
              columns={columns}
              rowKey={(i) => i.id}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
