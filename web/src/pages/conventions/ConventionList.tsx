import './conventions.css';
import { Anchor, Button, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { currentLanguage } from '../../i18n';
import { formatDate, formatMad, formatNumber } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import { TerritorySource } from '../actors/ActorParts';
import { useTerritories } from '../actors/reference';
import {
  CONVENTION_STATUSES,
  type ConventionFilters,
  type ConventionListItem,
  listConventions,
} from './conventions.api';
import { filtersFromParams, paramsFromFilters } from './filters';
import { ConventionStatusBadge, DemoBadge, OverdueBadge } from './parts';
import {
  axisLabel,
  listText,
  organisationLabel,
  sortedPartners,
  titleOf,
  useAxes,
  usePartners,
} from './reference';

/** Conventions: search, filters kept in the URL, a table paged by cursor. Public: the API narrows. */
export default function ConventionList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const territories = useTerritories();
  const axes = useAxes();
  const partners = usePartners();

  // The box answers every keystroke; the URL (and so the query) follows once typing pauses.
  const [search, setSearch] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(search, 350);
  const lastTyped = useRef(debounced);
  useEffect(() => {
    if (debounced === lastTyped.current) return;
    lastTyped.current = debounced;
    const q = debounced.trim() || undefined;
    setParams(paramsFromFilters({ ...filtersFromParams(params), q }), { replace: true });
  }, [debounced, params, setParams]);

  const list = useInfiniteQuery({
    queryKey: ['conventions', 'list', user?.id ?? 'anonymous', filters],
    queryFn: ({ pageParam }) => listConventions(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<ConventionFilters>) =>
    setParams(paramsFromFilters({ ...filters, ...patch }), { replace: false });

  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const any = { value: '', label: t('convention.any') };
  const byName = <T extends { nameFr: string; nameAr: string }>(a: T, b: T) =>
    localName(a, lang).localeCompare(localName(b, lang), lang);

  const columns: Column<ConventionListItem>[] = [
    {
      key: 'reference',
      header: t('convention.reference'),
      cell: (c) => <span dir="ltr">{c.reference}</span>,
    },
    {
      key: 'title',
      header: t('convention.title'),
      cell: (c) => (
        <>
          <Anchor component={Link} to={`/conventions/${c.id}`}>
            {titleOf(c, lang)}
          </Anchor>{' '}
          {c.isDemo && <DemoBadge />}
        </>
      ),
    },
    {
      key: 'parties',
      header: t('convention.parties'),
      cell: (c) =>
        listText(
          c.parties.map((p) => p.acronym ?? organisationLabel(p, lang)),
          lang,
        ),
    },
    {
      key: 'signedOn',
      header: t('convention.signedOn'),
      cell: (c) => (c.signedOn ? formatDate(c.signedOn, lang) : ''),
    },
    {
      key: 'status',
      header: t('convention.status'),
      cell: (c) => (
        <Group gap={4}>
          <ConventionStatusBadge status={c.status} />
          {!c.published && <span className="muted">{t('convention.unpublished')}</span>}
        </Group>
      ),
    },
    {
      key: 'commitments',
      header: t('convention.commitments'),
      cell: (c) => (
        <Group gap={4}>
          {formatNumber(c.counts.commitments, lang)}
          {c.counts.milestonesOverdue + c.counts.commitmentsOverdue > 0 && <OverdueBadge />}
        </Group>
      ),
    },
    { key: 'budget', header: t('convention.budget'), cell: (c) => formatMad(c.counts.budgetCentimes, lang) },
  ];

  return (
    <>
      <PageHeader
        title={t('convention.listTitle')}
        actions={
          user?.role === 'admin' && (
            <Button component={Link} to="/conventions/new">
              {t('convention.create')}
            </Button>
          )
        }
      />
      <search aria-label={t('convention.filtersLabel')}>
        <TextInput
          type="search"
          name="q"
          label={t('convention.search')}
          description={t('convention.searchHint')}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          mb="sm"
        />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mb="md">
          <NativeSelect
            name="status"
            label={t('convention.status')}
            value={filters.status ?? ''}
            onChange={(event) =>
              set({ status: CONVENTION_STATUSES.find((s) => s === event.currentTarget.value) })
            }
            data={[any, ...CONVENTION_STATUSES.map((s) => ({ value: s, label: t(`conventionStatus.${s}`) }))]}
          />
          <NativeSelect
            name="axis"
            label={t('convention.axis')}
            value={filters.axis ?? ''}
            onChange={(event) => set({ axis: event.currentTarget.value || undefined })}
            data={[any, ...(axes.data ?? []).map((a) => ({ value: a.code, label: axisLabel(a, lang) }))]}
          />
          <NativeSelect
            name="partner"
            label={t('convention.partner')}
            value={filters.partner ?? ''}
            onChange={(event) => set({ partner: event.currentTarget.value || undefined })}
            data={[any, ...sortedPartners(partners.data, lang)]}
          />
          <NativeSelect
            name="territory"
            label={t('convention.territory')}
            value={filters.territory ?? ''}
            onChange={(event) => set({ territory: event.currentTarget.value || undefined })}
            data={[
              any,
              ...[...(territories.data?.regions ?? [])].sort(byName).map((region) => ({
                group: localName(region, lang),
                items: [
                  { value: region.code, label: localName(region, lang) },
                  ...(territories.data?.provinces ?? [])
                    .filter((p) => p.parentCode === region.code)
                    .sort(byName)
                    .map((p) => ({ value: p.code, label: `— ${localName(p, lang)}` })),
                ],
              })),
            ]}
          />
        </SimpleGrid>
      </search>
      <Text fw={700} role="status" aria-live="polite" data-testid="convention-total" mb="sm">
        {list.isSuccess && !list.isPlaceholderData
          ? t('convention.total', { formatted: formatNumber(total, lang) })
          : ''}
      </Text>
      {list.isPending ? (
        <PageLoader />
      ) : !list.data ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Text py="md" className="empty-state">
          {params.size > 0 ? t('convention.noMatch') : t('convention.empty')}
        </Text>
      ) : (
        <div aria-busy={list.isPlaceholderData}>
          <DataTable caption={t('convention.listTitle')} rows={rows} columns={columns} rowKey={(c) => c.id} />
          {list.isFetchNextPageError && (
            <ErrorNotice error={list.error} onRetry={() => void list.fetchNextPage()} />
          )}
          {list.hasNextPage && (
            <Group justify="center" mt="md">
              <Button
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('convention.loadMore', {
                  shown: formatNumber(rows.length, lang),
                  total: formatNumber(total, lang),
                })}
              </Button>
            </Group>
          )}
        </div>
      )}
      {filters.territory && <TerritorySource />}
    </>
  );
}
