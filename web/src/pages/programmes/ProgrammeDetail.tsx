import '../conventions/conventions.css';
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDate, formatMad } from '../../i18n/format';
import { Fact, StatusBadge } from './parts';
import { type Call, getProgramme, listCalls, localTitle, managesOrganisation } from './programmes.api';
import { QuotaEditor } from './QuotaEditor';

/** One programme and its calls for applications. */
export default function ProgrammeDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const programme = useQuery({ queryKey: ['programmes', id], queryFn: () => getProgramme(id) });
  const calls = useQuery({ queryKey: ['calls', 'list', id], queryFn: () => listCalls(id) });
  const columns: Column<Call>[] = [
    { key: 'reference', header: t('programme.reference'), cell: (c) => <span dir="ltr">{c.reference}</span> },
    {
      key: 'title',
      header: t('programme.title'),
      cell: (c) => (
        <Anchor component={Link} to={`/calls/${c.id}`}>
          {localTitle(c, lang)}
        </Anchor>
      ),
    },
    { key: 'opens', header: t('programme.opensAt'), cell: (c) => formatDate(c.opensAt, lang) },
    { key: 'closes', header: t('programme.closesAt'), cell: (c) => formatDate(c.closesAt, lang) },
    {
      key: 'status',
      header: t('programme.statusLabel'),
      cell: (c) => <StatusBadge status={c.open ? 'open' : c.status} />,
    },
  ];
  const manages = programme.data ? managesOrganisation(user, programme.data.organisationId) : false;
  if (manages)
    columns.push({
      key: 'edit',
      header: t('programme.actions'),
      cell: (c) => (
        <Anchor component={Link} to={`/calls/${c.id}/edit`}>
          {t('programmeManage.editCallLink', { reference: c.reference })}
        </Anchor>
      ),
    });
  return (
    <QueryState query={programme}>
      {(p) => (
        <>
          <PageHeader
            title={localTitle(p, lang)}
            actions={
              manages && (
                <Group gap="xs">
                  <Button component={Link} to={`/programmes/${p.id}/calls/new`}>
                    {t('programme.createCall')}
                  </Button>
                  <Button component={Link} variant="default" to={`/programmes/${p.id}/edit`}>
                    {t('programmeManage.edit')}
                  </Button>
                  <Button component={Link} variant="default" to={`/programmes/${p.id}/benefits`}>
                    {t('programmeManage.benefits')}
                  </Button>
                </Group>
              )
            }
          />
          <Stack gap="xs" mb="lg">
            <Fact label={t('programme.reference')}>
              <span dir="ltr">{p.reference}</span>
            </Fact>
            <Fact label={t('programme.kindLabel')}>{t(`programme.kind.${p.kind}`)}</Fact>
            <Fact label={t('programme.organisation')}>{p.organisationName}</Fact>
            <Fact label={t('programme.budget')} testId="programme-budget">
              {p.budgetCentimes === null ? '—' : formatMad(p.budgetCentimes, lang)}
            </Fact>
            <Fact label={t('programme.statusLabel')}>
              <StatusBadge status={p.status} testId="programme-status" />
            </Fact>
            {p.kind === 'raw_material' && p.unit && (
              <Fact label={t('programmeManage.material')}>
                {p.material ?? '—'} ({t(`programmeManage.units.${p.unit}`)})
              </Fact>
            )}
            {p.description && <Text>{p.description}</Text>}
          </Stack>
          {p.kind === 'raw_material' && <QuotaEditor programme={p} manages={manages} />}
          <Title order={2} mb="sm">
            {t('programme.calls')}
          </Title>
          <QueryState query={calls} isEmpty={(d) => d.items.length === 0} emptyText={t('programme.noCalls')}>
            {(data) => (
              <DataTable
                caption={t('programme.calls')}
                rows={data.items}
                columns={columns}
                rowKey={(c) => c.id}
              />
            )}
          </QueryState>
        </>
      )}
    </QueryState>
  );
}
