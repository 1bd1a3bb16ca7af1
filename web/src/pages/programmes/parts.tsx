import { List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../conventions/parts';
import { ruleLines } from './rules';

type Tone = Parameters<typeof Badge>[0]['tone'];

const STATUS_TONE: Record<string, Tone> = {
  draft: 'neutral',
  active: 'positive',
  published: 'positive',
  closed: 'neutral',
  decided: 'info',
  cancelled: 'danger',
  submitted: 'info',
  eligible: 'positive',
  ineligible: 'danger',
  scored: 'info',
  selected: 'positive',
  waitlisted: 'warning',
  rejected: 'danger',
  appealed: 'warning',
  final: 'neutral',
  withdrawn: 'neutral',
};

/** A programme, call or application status as a coloured badge. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? 'neutral'} {...(testId ? { testId } : {})}>
      {t(`programme.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The call's eligibility rules as indented sentences. */
export function RuleSentences({ rules }: { rules: unknown }) {
  const { t } = useTranslation();
  const lines = ruleLines(t, rules);
  if (lines.length === 0) return <Text>{t('programme.rule.none')}</Text>;
  return (
    <List data-testid="rules" spacing={4}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their order
        <List.Item key={i} style={{ marginInlineStart: `${line.depth * 1.5}rem` }}>
          {line.text}
        </List.Item>
      ))}
    </List>
  );
}

/** One labelled fact of a detail page ("Budget: 1 000 000,00 MAD"). */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Text {...(testId ? { 'data-testid': testId } : {})}>
      <Text span fw={700}>
        {t('programme.factLabel', { label })}
      </Text>{' '}
      {children}
    </Text>
  );
}
