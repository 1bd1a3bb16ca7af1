import './actors.css';
import { Anchor, Button, Group, Text } from '@mantine/core';
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
import { formatNumber } from '../../i18n/format';
import { ActorFilterBar } from './ActorFilterBar';
import { ActorStatusBadge, NameCell, TerritorySource } from './ActorParts';
import { type ActorFilters, type ActorListItem, exportHref, listActors } from './actors.api';
import { filtersFromParams, paramsFromFilters } from './filters';
import { branchName, territoryName, useNomenclature, useTerritories } from './reference';

/** The registry: one search box, filters kept in the URL, a table paged by cursor. */
export default function ActorList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const territories = useTerritories();
  const branches = useNomenclature();

  // The box answers every keystroke; the URL (and so the query) follows once typing pauses. When the
  // URL changes by itself (back button, a link), the box follows it instead.
  const [search, setSearch] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(search, 350);
  const urlQ = filters.q ?? '';
  const shownQ = useRef(urlQ);
  const lastTyped = useRef(debounced);
  useEffect(() => {
    if (urlQ === shownQ.current) return;
    shownQ.current = urlQ;
    setSearch(urlQ);
  }, [urlQ]);
  useEffect(() => {
    if (debounced === lastTyped.current) return;
    lastTyped.current = debounced;
    const q = debounced.trim();
    if (q === shownQ.current) return;
    shownQ.current = q;
    setParams(paramsFromFilters({ ...filtersFromParams(params), q: q || undefined }), { replace: true });
  }, [debounced, params, setParams]);

  const list = useInfiniteQuery({
    queryKey: ['actors', 'list', filters],
    queryFn: ({ pageParam }) => listActors(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new search or filter loads, the previous rows stay (marked busy) instead of a spinner.
    placeholderData: keepPreviousData,
  });

  const canCreate = user?.role === 'admin' || user?.role === 'territorial';
  const isAdmin = user?.role === 'admin';
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;

  const columns: Column<ActorListItem>[] = [
    {
      key: 'name',
      header: t('actorList.name'),
      cell: (a) => (
        <Anchor component={Link} to={`/actors/${a.id}`}>
          <NameCell record={a} lang={lang} />
        </Anchor>
      ),
    },
    { key: 'kind', header: t('actorField.kind'), cell: (a) => t(`actorKind.${a.kind}`) },
    {
      key: 'province',
      header: t('actorField.provinceCode'),
      cell: (a) => territoryName(territories.data, a.provinceCode, lang),
    },
    {
      key: 'branch',
      header: t('actorField.branchCode'),
      cell: (a) => branchName(branches.data, a.branchCode, lang),
    },
    { key: 'status', header: t('actorField.status'), cell: (a) => <ActorStatusBadge status={a.status} /> },
  ];
  if (filters.q) {
    columns.push({
      key: 'score',
      header: t('actorList.score'),
      cell: (a) =>
        a.matchedIdentifier
          ? t('actorList.matchedIdentifier', { field: t(`actorField.${a.matchedIdentifier}`) })
          : a.score === null
            ? ''
            : formatNumber(Math.round(a.score * 100) / 100, lang),
    });
  }

  return (
    <>
      <PageHeader
        title={t('actorList.title')}
        actions={
          <>
            {isAdmin && (
              <>
                <Button component={Link} to="/actors/change-requests" variant="default">
                  {t('changeRequests.title')}
                </Button>
                <Button component={Link} to="/actors/duplicates" variant="default">
                  {t('duplicates.title')}
                </Button>
              </>
            )}
            {canCreate && (
              <>
                <Button component={Link} to="/actors/import" variant="default">
                  {t('actorImport.title')}
                </Button>
                <Button component={Link} to="/actors/new">
                  {t('actorList.create')}
                </Button>
              </>
            )}
          </>
        }
      />
      <ActorFilterBar
        search={search}
        onSearch={setSearch}
        filters={filters}
        onChange={(next: ActorFilters) => setParams(paramsFromFilters(next), { replace: false })}
        territories={territories.data}
        branches={branches.data}
        lang={lang}
      />
      <Group justify="space-between" mb="sm">
        <Text fw={700} role="status" aria-live="polite" data-testid="actor-total">
          {list.isSuccess && !list.isPlaceholderData
            ? filters.q
              ? t('actorList.found', { formatted: formatNumber(total, lang) })
              : t('actorList.total', { formatted: formatNumber(total, lang) })
            : ''}
        </Text>
        <Group gap="xs">
          <Button component="a" href={exportHref('csv', filters)} download variant="default" size="xs">
            {t('actorList.exportCsv')}
          </Button>
          <Button component="a" href={exportHref('xlsx', filters)} download variant="default" size="xs">
            {t('actorList.exportXlsx')}
          </Button>
        </Group>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : !list.data ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Text py="md" className="empty-state">
          {params.size > 0 ? t('actorList.noMatch') : t('actorList.empty')}
        </Text>
      ) : (
        <div aria-busy={list.isPlaceholderData}>
          <DataTable
            caption={t('actorList.caption', { formatted: formatNumber(total, lang) })}
            rows={rows}
            columns={columns}
            rowKey={(a) => a.id}
          />
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
                {t('actorList.loadMore', {
                  shown: formatNumber(rows.length, lang),
                  total: formatNumber(total, lang),
                })}
              </Button>
            </Group>
          )}
        </div>
      )}
      <TerritorySource />
    </>
  );
}
