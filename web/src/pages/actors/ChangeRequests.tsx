import './actors.css';
import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import { type ChangeRequest, decideChangeRequest, getActor, listChangeRequests } from './actors.api';
import { useNomenclature, useTerritories } from './reference';
import { displayValue, type ValueContext } from './values';

type Status = ChangeRequest['status'];
const STATUSES: readonly Status[] = ['pending', 'approved', 'rejected'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Administrators review the name and identifier changes actors asked for. */
export default function ChangeRequests() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [status, setStatus] = useState<Status>('pending');
  const requests = useQuery({
    queryKey: ['actors', 'change-requests', status],
    queryFn: () => listChangeRequests(status),
  });
  const territories = useTerritories();
  const branches = useNomenclature();
  const ctx: ValueContext = { t, lang, territories: territories.data, branches: branches.data };

  return (
    <>
      <PageHeader title={t('changeRequests.title')} />
      <NativeSelect
        name="status"
        label={t('changeRequests.show')}
        value={status}
        onChange={(event) => setStatus(STATUSES.find((s) => s === event.currentTarget.value) ?? 'pending')}
        data={STATUSES.map((s) => ({ value: s, label: t(`changeRequests.status.${s}`) }))}
        maw={320}
        mb="md"
      />
      <QueryState
        query={requests}
        isEmpty={(d) => d.items.length === 0}
        emptyText={t('changeRequests.empty')}
      >
        {(data) => (
          <Stack gap="md">
            {data.items.map((request) => (
              <RequestCard key={request.id} request={request} ctx={ctx} />
            ))}
          </Stack>
        )}
      </QueryState>
    </>
  );
}

function RequestCard({ request, ctx }: { request: ChangeRequest; ctx: ValueContext }) {
  const { t, lang } = ctx;
  const queryClient = useQueryClient();
  const actor = useQuery({
    queryKey: ['actors', 'one', request.actorId],
    queryFn: () => getActor(request.actorId),
  });
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (approve: boolean) => decideChangeRequest(request.id, approve, note.trim() || null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['actors'] }),
  });
  const changes = isRecord(request.changes) ? Object.entries(request.changes) : [];
  const name = actor.data ? localName(actor.data, lang) : '…';
  const heading = t('changeRequests.for', { name });
  const current = (actor.data ?? {}) as Record<string, unknown>;

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      aria-label={heading}
      data-testid="change-request"
    >
      <Title order={2} size="h4">
        <Anchor component={Link} to={`/actors/${request.actorId}`}>
          {heading}
        </Anchor>
      </Title>
      <Text size="sm" mb="sm">
        {t('changeRequests.requested', {
          who: request.requestedLabel,
          when: formatDateTime(request.requestedAt, lang),
        })}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing={4} fz="sm">
          <caption className="visually-hidden">{t('changeRequests.diffCaption', { name })}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('actorHistory.field')}</Table.Th>
              <Table.Th scope="col">{t('changeRequests.current')}</Table.Th>
              <Table.Th scope="col">{t('changeRequests.proposed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map(([field, value]) => (
              <Table.Tr key={field}>
                <Table.Th scope="row" fw={400}>
                  {t(`actorField.${field}`, { defaultValue: field })}
                </Table.Th>
                <Table.Td>{actor.data ? displayValue(field, current[field], ctx) : '…'}</Table.Td>
                <Table.Td fw={700}>{displayValue(field, value, ctx)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {request.status === 'pending' ? (
        <Stack gap="xs" mt="sm">
          <TextInput
            label={t('changeRequests.note')}
            name={`note-${request.id}`}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maw={560}
          />
          <Group>
            <Button
              onClick={() => decide.mutate(true)}
              loading={decide.isPending && decide.variables}
              aria-label={t('changeRequests.approveNamed', { name })}
            >
              {t('changeRequests.approve')}
            </Button>
            <Button
              color="red"
              variant="outline"
              onClick={() => decide.mutate(false)}
              loading={decide.isPending && !decide.variables}
              aria-label={t('changeRequests.rejectNamed', { name })}
            >
              {t('changeRequests.reject')}
            </Button>
          </Group>
          {decide.isError && <ErrorNotice error={decide.error} />}
        </Stack>
      ) : (
        <Text size="sm" mt="sm">
          {t('changeRequests.decided', {
            status: t(`changeRequests.status.${request.status}`),
            who: request.decidedByLabel ?? '',
            when: request.decidedAt ? formatDateTime(request.decidedAt, lang) : '',
          })}
          {request.decisionNote ? ` — ${request.decisionNote}` : ''}
        </Text>
      )}
    </Paper>
  );
}
