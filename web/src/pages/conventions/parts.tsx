/** Small pieces the convention pages share. They render what they are given and fetch nothing. */
import { useTranslation } from 'react-i18next';
import type { CommitmentStatus, ConventionStatus, MilestoneStatus } from './conventions.api';

type Tone = 'positive' | 'neutral' | 'info' | 'warning' | 'danger';

/** A filled label; conventions.css gives each tone a colour with at least 4.5:1 contrast. */
export function Badge({ tone, children, testId }: { tone: Tone; children: string; testId?: string }) {
  return (
    <span className="status-badge" data-tone={tone} data-testid={testId}>
      {children}
    </span>
  );
}

const CONVENTION_TONE: Record<ConventionStatus, Tone> = {
  draft: 'neutral',
  signed: 'info',
  in_force: 'positive',
  closed: 'neutral',
};

export function ConventionStatusBadge({ status }: { status: ConventionStatus }) {
  const { t } = useTranslation();
  return <Badge tone={CONVENTION_TONE[status]}>{t(`conventionStatus.${status}`)}</Badge>;
}

const MILESTONE_TONE: Record<MilestoneStatus, Tone> = {
  planned: 'neutral',
  in_progress: 'info',
  done: 'positive',
  cancelled: 'neutral',
};

export function MilestoneStatusBadge({ status }: { status: MilestoneStatus }) {
  const { t } = useTranslation();
  return <Badge tone={MILESTONE_TONE[status]}>{t(`milestoneStatus.${status}`)}</Badge>;
}

const COMMITMENT_TONE: Record<CommitmentStatus, Tone> = {
  active: 'info',
  completed: 'positive',
  cancelled: 'neutral',
};

export function CommitmentStatusBadge({ status }: { status: CommitmentStatus }) {
  const { t } = useTranslation();
  return <Badge tone={COMMITMENT_TONE[status]}>{t(`commitmentStatus.${status}`)}</Badge>;
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <Badge tone="danger" testId="overdue">
      {t('convention.overdue')}
    </Badge>
  );
}

export function DemoBadge() {
  const { t } = useTranslation();
  return <Badge tone="warning">{t('convention.demo')}</Badge>;
}
