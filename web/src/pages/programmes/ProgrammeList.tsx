import '../conventions/conventions.css';
import { Anchor, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatMad } from '../../i18n/format';
import { StatusBadge } from './parts';
import { listProgrammes, localTitle, type Programme } from './programmes.api';

/** Support programmes: public (drafts only to those who manage them). */
export default function ProgrammeList() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const list = useQuery({ queryKey: ['programmes', 'list'], queryFn: listProgrammes });
  const columns: Column<Programme>[] = [
    { key: 'reference', header: t('programme.reference'), cell: (p) => <span dir="ltr">{p.reference}</span> },
    {
      key: 'title',
      header: t('programme.title'),
      cell: (p) => (
        <Anchor component={Link} to={`/programmes/${p.id}`}>
          {localTitle(p, lang)}
        </Anchor>
      ),
    },
    { key: 'kind', header: t('programme.kindLabel'), cell: (p) => t(`programme.kind.${p.kind}`) },
    { key: 'organisation', header: t('programme.organisation'), cell: (p) => p.organisationName },
    {
      key: 'budget',
      header: t('programme.budget'),
      cell: (p) => (p.budgetCentimes === null ? '—' : formatMad(p.budgetCentimes, lang)),
    },
    { key: 'status', header: t('programme.statusLabel'), cell: (p) => <StatusBadge status={p.status} /> },
  ];
  return (
    <>
      <PageHeader
        title={t('programme.listTitle')}
        actions={
          (user?.role === 'admin' || user?.role === 'partner') && (
            <Button component={Link} to="/programmes/new">
              {t('programme.create')}
            </Button>
          )
        }
      />
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} emptyText={t('programme.empty')}>
        {(data) => (
          <DataTable
            caption={t('programme.listTitle')}
            rows={data.items}
            columns={columns}
            rowKey={(p) => p.id}
          />
        )}
      </QueryState>
    </>
  );
}
