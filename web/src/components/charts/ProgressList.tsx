// Mantine's Progress styles ship with the pages that draw progress bars (web/src/mantine.css has the shell's).
import '@mantine/core/styles/Progress.css';
import './charts.css';
import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface ProgressItem {
  key: string;
  label: string;
  /** Percent of the target reached; null when there is no target or the value is not available. */
  progress: number | null;
  /** e.g. "1 200 / 2 000 persons". */
  detail?: string;
}

export interface ProgressListProps {
  /** Names the list for assistive technology. */
  label: string;
  items: readonly ProgressItem[];
  formatPercent: (value: number) => string;
}

/**
 * One progress bar per item (a `progressbar` with its label and value), the percent written beside it;
 * bars stop at 100% while the text says how far beyond the target it went. The list itself is the
 * text alternative: every number is written out.
 */
export function ProgressList({ label, items, formatPercent }: ProgressListProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="ul" aria-label={label} className="progress-list">
      {items.map((item) => {
        const text = item.progress === null ? t('charts.notAvailable') : formatPercent(item.progress);
        const bar = item.progress === null ? 0 : Math.round(Math.max(0, Math.min(100, item.progress)));
        return (
          <li key={item.key} data-key={item.key}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">{item.label}</Text>
              <Text size="sm" fw={700} className="progress-value">
                {text}
              </Text>
            </Group>
            <Progress.Root size="md">
              <Progress.Section
                value={bar}
                withAria={false}
                color={item.progress !== null && item.progress >= 100 ? 'teal.9' : 'indigo.8'}
                role="progressbar"
                aria-label={item.label}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={bar}
                aria-valuetext={text}
              />
            </Progress.Root>
            {item.detail && (
              <Text size="xs" c="dimmed">
                {item.detail}
              </Text>
            )}
          </li>
        );
      })}
    </Stack>
  );
}
