import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { Language } from '../../i18n';
import { formatDate } from '../../i18n/format';
import {
  addMilestone,
  deleteMilestone,
  MILESTONE_STATUSES,
  type Milestone,
  type MilestoneStatus,
  updateMilestone,
} from './conventions.api';
import { pointerMessages } from './formErrors';
import { MilestoneStatusBadge, OverdueBadge } from './parts';
import { titleOf } from './reference';

interface MilestoneEditorProps {
  commitmentId: string;
  milestones: readonly Milestone[];
  /** all: administrator (everything); progress: the committing partner (status and dates). */
  canEdit: 'all' | 'progress' | 'none';
  lang: Language;
}

/** The milestones of a commitment; those who may edit change status, dates and titles in place. */
export function MilestoneEditor({ commitmentId, milestones, canEdit, lang }: MilestoneEditorProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {milestones.length === 0 && <Text className="empty-state">{t('milestone.empty')}</Text>}
      {milestones.map((m) =>
        canEdit === 'none' ? (
          <Group key={m.id} gap="xs" data-testid="milestone">
            <Text>{titleOf(m, lang)}</Text>
            <Text size="sm" className="muted">
              {t('milestone.dueOn', { date: formatDate(m.dueOn, lang) })}
            </Text>
            <MilestoneStatusBadge status={m.status} />
            {m.overdue && <OverdueBadge />}
          </Group>
        ) : (
          <MilestoneRow key={m.id} milestone={m} canEdit={canEdit} lang={lang} />
        ),
      )}
      {canEdit === 'all' && <NewMilestone commitmentId={commitmentId} />}
    </Stack>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function MilestoneRow({
  milestone: m,
  canEdit,
  lang,
}: {
  milestone: Milestone;
  canEdit: 'all' | 'progress';
  lang: Language;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<MilestoneStatus>(m.status);
  const [doneOn, setDoneOn] = useState(m.doneOn ?? '');
  const [dueOn, setDueOn] = useState(m.dueOn);
  const [titleFr, setTitleFr] = useState(m.titleFr);
  const title = titleOf(m, lang);
  const refresh = () =>
    queryClient
      .invalidateQueries({ queryKey: ['commitments'] })
      .then(() => queryClient.invalidateQueries({ queryKey: ['conventions'] }));
  const save = useMutation({
    mutationFn: () =>
      updateMilestone(m.id, {
        status,
        doneOn: status === 'done' ? doneOn || today() : null,
        ...(canEdit === 'all' ? { dueOn, titleFr: titleFr.trim() } : {}),
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => deleteMilestone(m.id), onSuccess: refresh });
  const errors = pointerMessages(t, save.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="form"
      onSubmit={submit}
      noValidate
      data-testid="milestone"
      aria-label={title}
    >
      <Group gap="xs" mb="xs">
        <Text fw={700}>{title}</Text>
        <MilestoneStatusBadge status={m.status} />
        {m.overdue && <OverdueBadge />}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: canEdit === 'all' ? 4 : 3 }} spacing="xs">
        {canEdit === 'all' && (
          <TextInput
            name="titleFr"
            label={t('milestone.titleFr')}
            value={titleFr}
            onChange={(event) => setTitleFr(event.currentTarget.value)}
            error={errors.titleFr}
          />
        )}
        {canEdit === 'all' ? (
          <TextInput
            name="dueOn"
            type="date"
            dir="ltr"
            label={t('milestone.due')}
            value={dueOn}
            onChange={(event) => setDueOn(event.currentTarget.value)}
            error={errors.dueOn}
          />
        ) : (
          <Text size="sm" mt="lg">
            {t('milestone.dueOn', { date: formatDate(m.dueOn, lang) })}
          </Text>
        )}
        <NativeSelect
          name="status"
          label={t('milestone.status')}
          value={status}
          onChange={(event) => {
            const next = MILESTONE_STATUSES.find((s) => s === event.currentTarget.value);
            if (next) setStatus(next);
          }}
          data={MILESTONE_STATUSES.map((s) => ({ value: s, label: t(`milestoneStatus.${s}`) }))}
          error={errors.status}
        />
        {status === 'done' && (
          <TextInput
            name="doneOn"
            type="date"
            dir="ltr"
            label={t('milestone.doneOn')}
            value={doneOn || today()}
            onChange={(event) => setDoneOn(event.currentTarget.value)}
            error={errors.doneOn}
          />
        )}
      </SimpleGrid>
      {save.isError && Object.keys(errors).length === 0 && <ErrorNotice error={save.error} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
      <Group justify="flex-end" mt="xs" gap="xs">
        {canEdit === 'all' && (
          <ConfirmButton
            label={t('milestone.delete')}
            ariaLabel={t('milestone.deleteNamed', { title })}
            title={t('milestone.deleteTitle')}
            message={t('milestone.deleteConfirm', { title })}
            confirmLabel={t('milestone.delete')}
            onConfirm={() => remove.mutateAsync()}
          />
        )}
        <Button
          type="submit"
          size="xs"
          loading={save.isPending}
          aria-label={t('milestone.saveNamed', { title })}
        >
          {t('common.save')}
        </Button>
      </Group>
      {save.isSuccess && (
        <Text size="sm" role="status">
          {t('milestone.saved')}
        </Text>
      )}
    </Paper>
  );
}

function NewMilestone({ commitmentId }: { commitmentId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [titleFr, setTitleFr] = useState('');
  const [titleAr, setTitleAr] = useState('');
  const [dueOn, setDueOn] = useState('');
  const add = useMutation({
    mutationFn: () =>
      addMilestone(commitmentId, { titleFr: titleFr.trim(), titleAr: titleAr.trim() || null, dueOn }),
    onSuccess: async () => {
      setTitleFr('');
      setTitleAr('');
      setDueOn('');
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
      await queryClient.invalidateQueries({ queryKey: ['conventions'] });
    },
  });
  const errors = pointerMessages(t, add.error);
  return (
    <Paper withBorder p="sm" radius="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
        noValidate
        aria-label={t('milestone.add')}
      >
        <Text fw={700} mb="xs">
          {t('milestone.add')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput
            name="newTitleFr"
            label={t('milestone.titleFr')}
            lang="fr"
            dir="ltr"
            value={titleFr}
            onChange={(event) => setTitleFr(event.currentTarget.value)}
            error={errors.titleFr}
          />
          <TextInput
            name="newTitleAr"
            label={t('milestone.titleAr')}
            lang="ar"
            dir="rtl"
            value={titleAr}
            onChange={(event) => setTitleAr(event.currentTarget.value)}
            error={errors.titleAr}
          />
          <TextInput
            name="newDueOn"
            type="date"
            dir="ltr"
            label={t('milestone.due')}
            value={dueOn}
            onChange={(event) => setDueOn(event.currentTarget.value)}
            error={errors.dueOn}
          />
        </SimpleGrid>
        {add.isError && Object.keys(errors).length === 0 && <ErrorNotice error={add.error} />}
        <Group justify="flex-end" mt="xs">
          <Button type="submit" size="xs" loading={add.isPending}>
            {t('milestone.addButton')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
