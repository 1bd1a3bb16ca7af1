import { Paper, Text, Title } from '@mantine/core';

export interface StatLine {
  label: string;
  value: string;
}

/** One headline figure with an optional breakdown; takes formatted strings, fetches nothing. */
export function StatCard({ title, value, lines = [] }: { title: string; value: string; lines?: StatLine[] }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text fz={32} fw={700} lh={1.3} className="stat-value">
        {value}
      </Text>
      {lines.length > 0 && (
        <dl className="stat-lines">
          {lines.map((line) => (
            <div key={line.label} className="stat-line">
              <dt>{line.label}</dt>
              <dd>{line.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Paper>
  );
}
