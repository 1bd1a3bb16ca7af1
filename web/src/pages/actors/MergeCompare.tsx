import { Checkbox, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { localName } from '../../i18n/localName';
import { type Actor, type DuplicatePair, getActor, type MergeField } from './actors.api';
import { ALL_FIELDS } from './fields';
import { displayValue, type ValueContext } from './values';

/** Fields derived or managed by the server, which a merge cannot take from the merged record. */
const NOT_MERGEABLE: ReadonlySet<string> = new Set([
  'regionCode',
  'status',
  'statusReason',
  'statusChangedOn',
]);

/** Fields a merge may take from the merged record (the API's editable fields), in display order. */
const MERGEABLE: readonly MergeField[] = ALL_FIELDS.filter(
  (field): field is MergeField => !NOT_MERGEABLE.has(field),
);

interface MergeCompareProps {
  pair: DuplicatePair;
  ctx: ValueContext;
  merging: boolean;
  onMerge: (survivor: 'a' | 'b', take: MergeField[]) => Promise<unknown>;
}

/**
 * Both records side by side. The administrator picks the record that survives and, for each field
 * where they differ, whether the survivor takes the other record's value; the merge asks to confirm.
 */
export function MergeCompare({ pair, ctx, merging, onMerge }: MergeCompareProps) {
  const { t } = useTranslation();
  const a = useQuery({ queryKey: ['actors', 'one', pair.a.id], queryFn: () => getActor(pair.a.id) });
  const b = useQuery({ queryKey: ['actors', 'one', pair.b.id], queryFn: () => getActor(pair.b.id) });
  const [survivor, setSurvivor] = useState<'a' | 'b'>('a');
  const [take, setTake] = useState<Set<MergeField>>(new Set());

  if (a.isPending || b.isPending) return <PageLoader />;
  if (a.isError) return <ErrorNotice error={a.error} onRetry={() => void a.refetch()} />;
  if (b.isError) return <ErrorNotice error={b.error} onRetry={() => void b.refetch()} />;

  const records: Record<'a' | 'b', Actor> = { a: a.data, b: b.data };
  const other = survivor === 'a' ? 'b' : 'a';
  const value = (side: 'a' | 'b', field: MergeField) => records[side][field];
  const differs = (field: MergeField) =>
    JSON.stringify(value('a', field)) !== JSON.stringify(value('b', field));
  const fields = MERGEABLE.filter((field) => value('a', field) !== null || value('b', field) !== null);
  const names = { a: localName(records.a, ctx.lang), b: localName(records.b, ctx.lang) };
  const chosen = [...take].filter(differs);

  function toggle(field: MergeField, on: boolean) {
    setTake((current) => {
      const next = new Set(current);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });
  }

  return (
    <Stack gap="sm" mt="md" data-testid="merge-compare">
      <NativeSelect
        name="survivor"
        label={t('duplicates.survivor')}
        description={t('duplicates.survivorHint')}
        value={survivor}
        onChange={(event) => {
          setSurvivor(event.currentTarget.value === 'b' ? 'b' : 'a');
          setTake(new Set());
        }}
        data={[
          { value: 'a', label: t('duplicates.recordNamed', { letter: 'A', name: names.a }) },
          { value: 'b', label: t('duplicates.recordNamed', { letter: 'B', name: names.b }) },
        ]}
        maw={560}
      />
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={4} fz="sm" className="compare-table">
          <caption className="visually-hidden">
            {t('duplicates.compareCaption', { a: names.a, b: names.b })}
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('actorHistory.field')}</Table.Th>
              <Table.Th scope="col">{t('duplicates.recordNamed', { letter: 'A', name: names.a })}</Table.Th>
              <Table.Th scope="col">{t('duplicates.recordNamed', { letter: 'B', name: names.b })}</Table.Th>
              <Table.Th scope="col">{t('duplicates.takeColumn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((field) => {
              const label = t(`actorField.${field}`);
              const different = differs(field);
              return (
                <Table.Tr key={field}>
                  <Table.Th scope="row">{label}</Table.Th>
                  {(['a', 'b'] as const).map((side) => (
                    <Table.Td key={side} data-differs={different}>
                      {displayValue(field, value(side, field), ctx)}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    {different && (
                      <Checkbox
                        aria-label={t('duplicates.takeField', { field: label, name: names[other] })}
                        checked={take.has(field)}
                        onChange={(event) => toggle(field, event.currentTarget.checked)}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm">
        {t('duplicates.mergeSummary', { survivor: names[survivor], merged: names[other] })}
      </Text>
      <div>
        <ConfirmButton
          label={t('duplicates.merge')}
          title={t('duplicates.mergeTitle')}
          message={t('duplicates.mergeConfirm', {
            survivor: names[survivor],
            merged: names[other],
            fields:
              chosen.length > 0
                ? chosen.map((f) => t(`actorField.${f}`)).join(', ')
                : t('duplicates.noFields'),
          })}
          confirmLabel={t('duplicates.merge')}
          loading={merging}
          onConfirm={() => onMerge(survivor, chosen)}
        />
      </div>
    </Stack>
  );
}
