import '../conventions/conventions.css';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/errors';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorMessage } from '../../components/errorMessage';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage, type Language } from '../../i18n';
import { localName } from '../../i18n/localName';
import { TerritorySource } from '../actors/ActorParts';
import { type Territories, useTerritories } from '../actors/reference';
import { pointerMessages } from '../conventions/formErrors';
import {
  deleteTarget,
  getIndicator,
  type IndicatorDetail,
  listTargets,
  saveTargets,
  type Target,
  type TargetInput,
} from './indicators.api';
import { indicatorName } from './labels';
import { valueScale } from './ValueGrid';

interface Row {
  key: number;
  /** The stored target this row shows, if any (deleted through its own button). */
  id: string | null;
  territoryCode: string;
  period: string;
  kind: 'baseline' | 'target';
  value: string;
}

let nextKey = 1;
const rowOf = (t: Target, scale: number): Row => ({
  key: nextKey++,
  id: t.id,
  territoryCode: t.territoryCode ?? '',
  period: t.period,
  kind: t.kind,
  value: String(t.value / scale),
});
const emptyRow = (): Row => ({
  key: nextKey++,
  id: null,
  territoryCode: '',
  period: '',
  kind: 'target',
  value: '',
});

/** Baselines and targets of one indicator, by territory and period, saved all at once. Administrators. */
export default function TargetsEditor() {
  const { id = '' } = useParams();
  const indicator = useQuery({ queryKey: ['indicators', 'one', id], queryFn: () => getIndicator(id) });
  const targets = useQuery({ queryKey: ['indicators', 'targets', id], queryFn: () => listTargets(id) });
  return (
    <QueryState query={indicator}>
      {(i) => (
        <QueryState query={targets}>
          {(list) => <Editor key={i.id} indicator={i} targets={list.items} />}
        </QueryState>
      )}
    </QueryState>
  );
}

function territoryOptions(territories: Territories | undefined, lang: Language, national: string) {
  const byName = <T extends { nameFr: string; nameAr: string }>(a: T, b: T) =>
    localName(a, lang).localeCompare(localName(b, lang), lang);
  return [
    { value: '', label: national },
    ...[...(territories?.regions ?? [])].sort(byName).map((region) => ({
      group: localName(region, lang),
      items: [
        { value: region.code, label: localName(region, lang) },
        ...(territories?.provinces ?? [])
          .filter((p) => p.parentCode === region.code)
          .sort(byName)
          .map((p) => ({ value: p.code, label: `— ${localName(p, lang)}` })),
      ],
    })),
  ];
}

function Editor({ indicator, targets }: { indicator: IndicatorDetail; targets: Target[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const territories = useTerritories();
  // Amounts in MAD are typed in dirhams and stored in centimes.
  const scale = valueScale(indicator);
  const [rows, setRows] = useState<Row[]>(() =>
    targets.length > 0 ? targets.map((x) => rowOf(x, scale)) : [emptyRow()],
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['indicators', 'targets', indicator.id] });
  const save = useMutation({
    mutationFn: (body: TargetInput[]) => saveTargets(indicator.id, body),
    onSuccess: async (saved) => {
      // The rows now show what is stored, each with its id (so it can be deleted).
      const byKey = new Map(saved.items.map((x) => [`${x.territoryCode ?? ''}|${x.period}|${x.kind}`, x]));
      setRows((current) =>
        current.map((r) => {
          const stored = byKey.get(`${r.territoryCode}|${r.period.trim()}|${r.kind}`);
          return stored ? { ...rowOf(stored, scale), key: r.key } : r;
        }),
      );
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (targetId: string) => deleteTarget(indicator.id, targetId),
    onSuccess: refresh,
  });
  const errors = { ...pointerMessages(t, save.error), ...localErrors };
  const options = territoryOptions(territories.data, lang, t('target.national'));
  const update = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: Record<string, string> = {};
    const body: TargetInput[] = rows.map((r, i) => {
      const value = Number(r.value.replace(',', '.'));
      if (r.value.trim() === '' || !Number.isFinite(value))
        local[`targets/${i}/value`] = t('formError.number');
      return {
        territoryCode: r.territoryCode || null,
        period: r.period.trim(),
        kind: r.kind,
        value: Math.round(value * scale * 1e6) / 1e6,
      };
    });
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    save.mutate(body);
  }

  const rowProblem = (i: number) => errors[`targets/${i}`];
  const otherProblems = isApiError(save.error)
    ? save.error.errors.filter((e) => !/^\/body\/targets\/\d+/.test(e.pointer))
    : [];

  return (
    <>
      <PageHeader title={t('target.editorTitle', { name: indicatorName(indicator, lang) })} />
      <Paper withBorder p="lg" radius="md">
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('target.hint')}</Text>
            {save.isError && (
              <Alert
                color="red"
                variant="outline"
                role="alert"
                title={t('common.formFailed')}
                data-testid="form-error"
              >
                {errorMessage(t, save.error)}
                {otherProblems.map((e) => (
                  <div key={e.pointer}>{e.detail}</div>
                ))}
              </Alert>
            )}
            {save.isSuccess && (
              <Alert color="teal" variant="outline" role="status" title={t('target.savedTitle')}>
                {t('target.saved', { inserted: save.data.inserted, updated: save.data.updated })}
              </Alert>
            )}
            {remove.isError && <ErrorNotice error={remove.error} />}
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs">
                <caption className="visually-hidden">{t('target.title')}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('target.territory')}</Table.Th>
                    <Table.Th scope="col">{t('target.period')}</Table.Th>
                    <Table.Th scope="col">{t('target.kind')}</Table.Th>
                    <Table.Th scope="col">{t('target.value')}</Table.Th>
                    <Table.Th scope="col">{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => {
                    const n = i + 1;
                    return (
                      <Table.Tr
                        key={r.key}
                        data-testid="target-row"
                        data-invalid={
                          Object.keys(errors).some(
                            (k) => k === `targets/${i}` || k.startsWith(`targets/${i}/`),
                          ) || undefined
                        }
                      >
                        <Table.Td>
                          <NativeSelect
                            name={`targets.${i}.territoryCode`}
                            aria-label={t('target.territoryN', { n })}
                            value={r.territoryCode}
                            onChange={(event) => update(r.key, { territoryCode: event.currentTarget.value })}
                            data={options}
                            error={errors[`targets/${i}/territoryCode`]}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            name={`targets.${i}.period`}
                            aria-label={t('target.periodN', { n })}
                            placeholder="2025Q3"
                            dir="ltr"
                            value={r.period}
                            onChange={(event) => update(r.key, { period: event.currentTarget.value })}
                            error={errors[`targets/${i}/period`]}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            name={`targets.${i}.kind`}
                            aria-label={t('target.kindN', { n })}
                            value={r.kind}
                            onChange={(event) =>
                              update(r.key, {
                                kind: event.currentTarget.value === 'baseline' ? 'baseline' : 'target',
                              })
                            }
                            data={[
                              { value: 'target', label: t('targetKind.target') },
                              { value: 'baseline', label: t('targetKind.baseline') },
                            ]}
                            error={errors[`targets/${i}/kind`]}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            name={`targets.${i}.value`}
                            aria-label={t('target.valueN', { n })}
                            inputMode="decimal"
                            dir="ltr"
                            value={r.value}
                            onChange={(event) => update(r.key, { value: event.currentTarget.value })}
                            error={errors[`targets/${i}/value`]}
                          />
                          {rowProblem(i) && (
                            <Text className="cv-file-error" data-testid="row-error">
                              {rowProblem(i)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {r.id ? (
                            <ConfirmButton
                              label={t('target.delete')}
                              ariaLabel={t('target.deleteN', { n })}
                              title={t('target.deleteTitle')}
                              message={t('target.deleteConfirm', { period: r.period })}
                              confirmLabel={t('target.delete')}
                              onConfirm={() => remove.mutateAsync(r.id ?? '')}
                            />
                          ) : (
                            <Button
                              variant="default"
                              size="xs"
                              aria-label={t('target.removeN', { n })}
                              onClick={() => setRows((current) => current.filter((x) => x.key !== r.key))}
                            >
                              {t('convention.remove')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Button variant="default" onClick={() => setRows((current) => [...current, emptyRow()])}>
                {t('target.addRow')}
              </Button>
              <Group>
                <Button component={Link} to={`/indicators/${indicator.id}`} variant="default">
                  {t('target.back')}
                </Button>
                <Button type="submit" loading={save.isPending} disabled={rows.length === 0}>
                  {t('target.save')}
                </Button>
              </Group>
            </Group>
            <TerritorySource />
          </Stack>
        </form>
      </Paper>
    </>
  );
}
