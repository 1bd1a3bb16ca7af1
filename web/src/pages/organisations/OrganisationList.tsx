import { Anchor, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listOrganisations } from '../../api/endpoints';
import type { Organisation } from '../../api/types';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { localName } from '../../i18n/localName';

export default function OrganisationList() {
  const { t } = useTranslation();
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const lang = currentLanguage();
  const query = useQuery({ queryKey: ['organisations'], queryFn: listOrganisations });

  const columns: Column<Organisation>[] = [
    {
      key: 'name',
      header: t('org.name'),
      cell: (o) => (
        <span lang={localName(o, lang) === o.nameAr ? 'ar' : undefined}>{localName(o, lang)}</span>
      ),
    },
    { key: 'acronym', header: t('org.acronym'), cell: (o) => o.acronym ?? '' },
    {
      key: 'kind',
      header: t('org.kind'),
      cell: (o) =>
        o.partnerType
          ? `${t(`orgKind.${o.kind}`)} · ${t(`partnerType.${o.partnerType}`)}`
          : t(`orgKind.${o.kind}`),
    },
    { key: 'territory', header: t('org.territoryCode'), cell: (o) => o.territoryCode ?? '' },
    { key: 'updated', header: t('common.updatedAt'), cell: (o) => formatDate(o.updatedAt, lang) },
  ];
  if (isAdmin) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      cell: (o) => (
        <Anchor
          component={Link}
          to={`/organisations/${o.id}/edit`}
          aria-label={t('org.editNamed', { name: localName(o, lang) })}
        >
          {t('common.edit')}
        </Anchor>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('org.listTitle')}
        actions={
          isAdmin && (
            <Button component={Link} to="/organisations/new">
              {t('org.create')}
            </Button>
          )
        }
      />
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} emptyText={t('org.empty')}>
        {(data) => (
          <DataTable caption={t('org.listTitle')} rows={data.items} columns={columns} rowKey={(o) => o.id} />
        )}
      </QueryState>
    </>
  );
}
