import './actors.css';
import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import { NameCell, ReasonList, ScoreText, TerritorySource } from './ActorParts';
import {
  type DuplicatePair,
  dismissDuplicatePair,
  listDuplicatePairs,
  mergeActors,
  scanDuplicates,
  undoMerge,
} from './actors.api';
import { MergeCompare } from './MergeCompare';
import { territoryName, useNomenclature, useTerritories } from './reference';
import type { ValueContext } from './values';

interface DoneMerge {
  mergeId: string;
  survivorId: string;
  survivorName: string;
  mergedName: string;
}

/** Administrators scan the registry for duplicates, compare a pair, dismiss it or merge it (undoably). */
export default function Duplicates() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const territories = useTerritories();
  const branches = useNomenclature();
  const ctx: ValueContext = { t, lang, territories: territories.data, branches: branches.data };
  const pairs = useQuery({ queryKey: ['actors', 'duplicate-pairs'], queryFn: listDuplicatePairs });
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<DoneMerge | null>(null);
  const [undone, setUndone] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['actors'] });

  const scan = useMutation({ mutationFn: scanDuplicates, onSuccess: refresh });
  const dismiss = useMutation({ mutationFn: dismissDuplicatePair, onSuccess: refresh });
  const merge = useMutation({
    mutationFn: async (vars: {
      pair: DuplicatePair;
      survivor: 'a' | 'b';
      take: Parameters<typeof mergeActors>[0]['take'];
    }) => {
      const survivor = vars.pair[vars.survivor];
      const merged = vars.pair[vars.survivor === 'a' ? 'b' : 'a'];
      const result = await mergeActors({ survivorId: survivor.id, mergedId: merged.id, take: vars.take });
      return {
        mergeId: result.mergeId,
        survivorId: survivor.id,
        survivorName: localName(result.survivor, lang),
        mergedName: localName(merged, lang),
      };
    },
    onSuccess: async (result) => {
      setDone(result);
      setUndone(false);
      setOpen(null);
      await refresh();
    },
  });
  const undo = useMutation({
    mutationFn: (mergeId: string) => undoMerge(mergeId),
    onSuccess: async () => {
      setUndone(true);
      await refresh();
    },
  });

  return (
    <>
      <PageHeader
        title={t('duplicates.title')}
        actions={
          <Button onClick={() => scan.mutate()} loading={scan.isPending}>
            {t('duplicates.scan')}
          </Button>
        }
      />
      <Stack gap="md">
        <Text size="sm">{t('duplicates.intro')}</Text>
        {scan.isSuccess && (
          <Alert color="teal" variant="outline" role="status" data-testid="scan-result">
            {t('duplicates.scanned', { formatted: formatNumber(scan.data.found, lang) })}
          </Alert>
        )}
        {scan.isError && <ErrorNotice error={scan.error} onRetry={() => scan.mutate()} />}
        {done && (
          <Alert
            color={undone ? 'gray' : 'teal'}
            variant="outline"
            role="status"
            title={undone ? t('duplicates.undoneTitle') : t('duplicates.mergedTitle')}
            data-testid="merge-result"
          >
            <Text size="sm">
              {undone
                ? t('duplicates.undoneBody', { merged: done.mergedName, survivor: done.survivorName })
                : t('duplicates.mergedBody', { merged: done.mergedName, survivor: done.survivorName })}
            </Text>
            <Group mt="sm">
              <Anchor component={Link} to={`/actors/${done.survivorId}`} size="sm">
                {t('duplicates.openSurvivor', { name: done.survivorName })}
              </Anchor>
              {!undone && (
                <Button
                  size="xs"
                  variant="outline"
                  onClick={() => undo.mutate(done.mergeId)}
                  loading={undo.isPending}
                >
                  {t('duplicates.undo')}
                </Button>
              )}
            </Group>
            {undo.isError && <ErrorNotice error={undo.error} />}
          </Alert>
        )}
        {(dismiss.isError || merge.isError) && <ErrorNotice error={dismiss.error ?? merge.error} />}
        <QueryState query={pairs} isEmpty={(d) => d.items.length === 0} emptyText={t('duplicates.empty')}>
          {(data) => (
            <Stack gap="md">
              {data.items.map((pair) => {
                const label = t('duplicates.pairLabel', {
                  a: localName(pair.a, lang),
                  b: localName(pair.b, lang),
                });
                return (
                  <Paper
                    key={pair.id}
                    withBorder
                    p="md"
                    radius="md"
                    component="article"
                    aria-label={label}
                    data-testid="duplicate-pair"
                  >
                    <Title order={2} size="h4">
                      <ScoreText score={pair.score} lang={lang} />
                    </Title>
                    <Group align="flex-start" gap="xl" my="xs">
                      {(['a', 'b'] as const).map((side) => (
                        <div key={side}>
                          <Anchor component={Link} to={`/actors/${pair[side].id}`}>
                            <NameCell record={pair[side]} lang={lang} />
                          </Anchor>
                          <Text size="sm">
                            {t(`actorKind.${pair[side].kind}`)} ·{' '}
                            {territoryName(territories.data, pair[side].provinceCode, lang)}
                          </Text>
                        </div>
                      ))}
                    </Group>
                    <ReasonList reasons={pair.reasons} lang={lang} />
                    <Group mt="sm">
                      <Button
                        size="xs"
                        variant={open === pair.id ? 'filled' : 'default'}
                        aria-expanded={open === pair.id}
                        aria-label={t('duplicates.compareNamed', { label })}
                        onClick={() => setOpen(open === pair.id ? null : pair.id)}
                      >
                        {t('duplicates.compare')}
                      </Button>
                      <Button
                        size="xs"
                        variant="outline"
                        aria-label={t('duplicates.dismissNamed', { label })}
                        loading={dismiss.isPending && dismiss.variables === pair.id}
                        onClick={() => dismiss.mutate(pair.id)}
                      >
                        {t('duplicates.dismiss')}
                      </Button>
                    </Group>
                    {open === pair.id && (
                      <MergeCompare
                        pair={pair}
                        ctx={ctx}
                        merging={merge.isPending}
                        onMerge={(survivor, take) => merge.mutateAsync({ pair, survivor, take })}
                      />
                    )}
                  </Paper>
                );
              })}
            </Stack>
          )}
        </QueryState>
        <TerritorySource />
      </Stack>
    </>
  );
}
