import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../i18n/format';
import { actorHistory, type HistoryEntry } from './actors.api';
import { isLabelledField } from './fields';
import { displayValue, type ValueContext } from './values';

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The audit trail names table columns and keeps technical ones; a reader wants the record's fields.
 * A change request carries the requested fields under `changes`: they are listed one by one.
 */
export function readableChanges(entry: HistoryEntry): Change[] {
  const out: Change[] = [];
  for (const change of entry.changes) {
    if (change.field === 'changes' && isRecord(change.after)) {
      for (const [field, after] of Object.entries(change.after)) out.push({ field, before: null, after });
      continue;
    }
    if (change.field === 'note') {
      out.push({ field: 'decisionNote', before: null, after: change.after });
      continue;
    }
    const field = change.field;
    if (isLabelledField(field) || field === 'reviewFlags') out.push({ ...change, field });
  }
  return out;
}

/** Who changed what on a record, when, from which value to which; newest first. */
export function ActorHistory({ actorId, ctx }: { actorId: string; ctx: ValueContext }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['actors', 'history', actorId],
    queryFn: () => actorHistory(actorId),
  });
  return (
    <QueryState query={history} isEmpty={(d) => d.items.length === 0} emptyText={t('actorHistory.empty')}>
      {(data) => (
        <Stack gap="md" data-testid="actor-history">
          {data.items.map((entry) => {
            const changes = readableChanges(entry);
            const heading = t('actorHistory.entry', {
              who: entry.actorLabel,
              when: formatDateTime(entry.at, ctx.lang),
            });
            return (
              <Paper key={entry.seq} withBorder p="md" radius="md" component="article" aria-label={heading}>
                <Title order={3} size="h5">
                  {t(`actorHistory.action.${entry.action}`, { defaultValue: entry.action })}
                </Title>
                <Text size="sm" mb="xs">
                  {heading}
                </Text>
                {changes.length > 0 && (
                  <Table.ScrollContainer minWidth={480}>
                    <Table verticalSpacing={4} fz="sm">
                      <caption className="visually-hidden">{heading}</caption>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">{t('actorHistory.field')}</Table.Th>
                          <Table.Th scope="col">{t('actorHistory.before')}</Table.Th>
                          <Table.Th scope="col">{t('actorHistory.after')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {changes.map((change) => (
                          <Table.Tr key={change.field} data-field={change.field}>
                            <Table.Th scope="row" fw={400}>
                              {t(`actorField.${change.field}`, { defaultValue: change.field })}
                            </Table.Th>
                            <Table.Td>{displayValue(change.field, change.before, ctx)}</Table.Td>
                            <Table.Td>{displayValue(change.field, change.after, ctx)}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Paper>
            );
          })}
        </Stack>
      )}
    </QueryState>
  );
}
