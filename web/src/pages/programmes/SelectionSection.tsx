import { Anchor, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { QueryState } from '../../components/QueryState';
import { currentLanguage, type Language } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { StatusBadge } from './parts';
import {
  type Application,
  type Call,
  getSelection,
  listCallApplications,
  localLabel,
  type Placed,
  recordWithdrawal,
  runSelection,
  type Selection,
} from './programmes.api';

type Reason = Placed['reason'];
type Share = Selection['shares'][number];

/** Why an application is where it is, the group named by the share's label in the UI language. */
function reasonText(
  t: (key: string, vars?: Record<string, string>) => string,
  reason: Reason,
  groupLabel: (code: string) => string,
): string {
  const { kind, group, limit } = reason;
  const vars = { group: group ? groupLabel(group) : '', limit: limit ? t(`programme.limit.${limit}`) : '' };
  return t(`programme.reason.${kind.replace(/-/g, '_')}`, vars);
}

/** A reserved share's outcome from its numbers ("Femmes : 2 retenues sur 5, au moins 2 requises (40 %), atteinte"). */
function shareText(t: TFunction, share: Share, label: string, lang: Language): string {
  return t(share.met ? 'programmeManage.shareMet' : 'programmeManage.shareMissed', {
    label,
    selected: formatNumber(share.selected, lang),
    required: formatNumber(share.required, lang),
    percent: formatNumber(share.minPercent, lang),
    candidates: formatNumber(share.candidates, lang),
  });
}

/** A manager's part of a call: its applications, the selection with reasons, withdrawals. */
export function SelectionSection({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const applications = useQuery({
    queryKey: ['applications', 'call', call.id],
    queryFn: () => listCallApplications(call.id),
  });
  const [confirmSelection, setConfirmSelection] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Application | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [promoted, setPromoted] = useState<string[]>([]);
  // The stored outcome, so the reasons are there after a reload too (not only right after running).
  const stored = useQuery({
    queryKey: ['selection', call.id],
    queryFn: () => getSelection(call.id),
    enabled: call.status === 'decided',
  });
  const storedReason = new Map((stored.data?.applications ?? []).map((a) => [a.id, a.reason]));
  const groupLabel = (code: string) => {
    const share = call.reservedShares.find((x) => x.code === code);
    return share ? localLabel(share, lang) : code;
  };
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['applications'] });
    await client.invalidateQueries({ queryKey: ['calls', call.id] });
    await client.invalidateQueries({ queryKey: ['selection', call.id] });
  };
  const select = useMutation({
    mutationFn: () => runSelection(call.id),
    onSuccess: async (result) => {
      setSelection(result);
      setConfirmSelection(false);
      await refresh();
    },
    onError: () => setConfirmSelection(false),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => recordWithdrawal(id),
    onSuccess: async (result) => {
      setSelection(result.selection);
      setPromoted(result.promoted);
      setWithdrawing(null);
      await refresh();
    },
    onError: () => setWithdrawing(null),
  });
  const names = new Map((applications.data?.items ?? []).map((a) => [a.id, a.actorName]));
  const nameOf = (id: string) => names.get(id) ?? id;

  const columns: Column<Application>[] = [
    {
      key: 'actor',
      header: t('programme.applicant'),
      cell: (a) => (
        <Anchor component={Link} to={`/applications/${a.id}`}>
          {a.actorName}
        </Anchor>
      ),
    },
    { key: 'status', header: t('programme.statusLabel'), cell: (a) => <StatusBadge status={a.status} /> },
    {
      key: 'score',
      header: t('programme.totalScore'),
      cell: (a) => (a.totalScore === null ? '—' : formatNumber(a.totalScore, lang)),
    },
    {
      key: 'waitlist',
      header: t('programme.waitlistPosition'),
      cell: (a) => (a.waitlistPosition === null ? '—' : formatNumber(a.waitlistPosition, lang)),
    },
    {
      key: 'reason',
      header: t('programmeManage.reasonColumn'),
      cell: (a) => {
        const reason = storedReason.get(a.id);
        return reason ? reasonText(t, reason, groupLabel) : '—';
      },
    },
    {
      key: 'actions',
      header: t('programme.actions'),
      cell: (a) =>
        a.status === 'selected' ? (
          <Button size="xs" variant="default" color="red" onClick={() => setWithdrawing(a)}>
            {t('programme.withdraw')}
          </Button>
        ) : null,
    },
  ];

  const group = (key: 'selected' | 'waitlisted' | 'rejected', items: Placed[]) => (
    <div data-testid={`selection-${key}`}>
      <Title order={3} mt="sm" mb={4}>
        {t(`programme.status.${key}`)} ({formatNumber(items.length, lang)})
      </Title>
      <List>
        {items.map((p) => (
          <List.Item key={p.id}>
            {formatNumber(p.rank, lang)}. {nameOf(p.id)} — {reasonText(t, p.reason, groupLabel)}
          </List.Item>
        ))}
      </List>
    </div>
  );

  return (
    <section aria-labelledby="selection-title">
      <Title order={2} id="selection-title" mb="sm">
        {t('programme.callApplications')}
      </Title>
      <Group gap="md" mb="sm">
        <Anchor component={Link} to={`/calls/${call.id}/edit`}>
          {t('programmeManage.editThisCall')}
        </Anchor>
        <Anchor component={Link} to={`/programmes/${call.programmeId}/benefits?callId=${call.id}`}>
          {t('programmeManage.benefitsOfCall')}
        </Anchor>
      </Group>
      <QueryState
        query={applications}
        isEmpty={(d) => d.items.length === 0}
        emptyText={t('programme.noApplications')}
      >
        {(data) => (
          <DataTable
            caption={t('programme.callApplications')}
            rows={data.items}
            columns={columns}
            rowKey={(a) => a.id}
          />
        )}
      </QueryState>
      <Group mt="md">
        {call.status === 'decided' ? (
          <Text>{t('programme.selectionDone')}</Text>
        ) : new Date(call.closesAt).getTime() > Date.now() ? (
          <Text>{t('programme.selectionAfterClosing')}</Text>
        ) : (
          <Button onClick={() => setConfirmSelection(true)}>{t('programme.runSelection')}</Button>
        )}
      </Group>
      {select.isError && <ErrorNotice error={select.error} />}
      {withdraw.isError && <ErrorNotice error={withdraw.error} />}
      {!selection && stored.data && stored.data.shares.length > 0 && (
        <Stack gap={0} mt="md" data-testid="stored-shares">
          {stored.data.shares.map((share) => (
            <Text key={share.group} mt="xs">
              {shareText(t, share, groupLabel(share.group), lang)}
            </Text>
          ))}
        </Stack>
      )}
      {promoted.length > 0 && (
        <Text role="status" mt="sm" data-testid="promoted">
          {t('programme.promotedLine', { names: promoted.map(nameOf).join(', ') })}
        </Text>
      )}
      {selection && (
        <Stack gap={0} mt="md" data-testid="selection">
          {group('selected', selection.selected)}
          {group('waitlisted', selection.waitlisted)}
          {group('rejected', selection.rejected)}
          {selection.shares.map((share) => (
            <Text key={share.group} mt="xs">
              {shareText(t, share, groupLabel(share.group), lang)}
            </Text>
          ))}
        </Stack>
      )}
      <Modal
        opened={confirmSelection}
        onClose={() => setConfirmSelection(false)}
        title={t('programme.confirmSelectionTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Text mb="md">{t('programme.confirmSelection')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmSelection(false)}>
            {t('programme.cancel')}
          </Button>
          <Button loading={select.isPending} onClick={() => select.mutate()}>
            {t('programme.runSelection')}
          </Button>
        </Group>
      </Modal>
      <Modal
        opened={withdrawing !== null}
        onClose={() => setWithdrawing(null)}
        title={t('programme.confirmWithdrawalTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Text mb="md">{t('programme.confirmWithdrawal', { name: withdrawing?.actorName ?? '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setWithdrawing(null)}>
            {t('programme.cancel')}
          </Button>
          <Button
            color="red"
            loading={withdraw.isPending}
            onClick={() => withdrawing && withdraw.mutate(withdrawing.id)}
          >
            {t('programme.withdraw')}
          </Button>
        </Group>
      </Modal>
    </section>
  );
}
