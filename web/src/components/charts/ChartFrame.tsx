import { Button, Group, Paper, Title } from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartFrameProps {
  title: string;
  /** The drawing (chart or map). */
  chart: ReactNode;
  /** The same numbers as a table, with its caption. */
  table: ReactNode;
  /** Starts on the table rather than the drawing. */
  initialView?: 'chart' | 'table';
  actions?: ReactNode;
  testId?: string;
}

/**
 * A titled panel that shows a chart or its table alternative, with a visible toggle between the two
 * (a pressed/unpressed button, so its state is announced).
 */
export function ChartFrame({ title, chart, table, initialView = 'chart', actions, testId }: ChartFrameProps) {
  const { t } = useTranslation();
  const [view, setView] = useState(initialView);
  const titleId = useId();
  const showTable = view === 'table';
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId} data-testid={testId}>
      <Group justify="space-between" align="center" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id={titleId}>
          {title}
        </Title>
        <Group gap="xs">
          {actions}
          <Button
            size="xs"
            variant="default"
            aria-pressed={showTable}
            onClick={() => setView(showTable ? 'chart' : 'table')}
            data-testid="table-toggle"
          >
            {t('charts.showTable')}
          </Button>
        </Group>
      </Group>
      {showTable ? table : chart}
    </Paper>
  );
}
