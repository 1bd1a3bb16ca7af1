/** Pieces the report pages share. They render what they are given and fetch nothing. */
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';
import { intlLocale } from '../../i18n/format';
import { type Territories, territoryName } from '../actors/reference';
import { Badge } from '../conventions/parts';
import { periodLabel } from './periods';
import type { ReportStatus } from './reports.api';

const TONE = { submitted: 'info', returned: 'warning', validated: 'positive' } as const;

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[status]} testId="report-status">
      {t(`reportStatus.${status}`)}
    </Badge>
  );
}

export function usePeriodText(lang: Language): (period: string) => string {
  const { t } = useTranslation();
  return (period) =>
    periodLabel(period, intlLocale(lang), (quarter, year) => t('report.quarter', { quarter, year }));
}

export function placeName(
  territories: Territories | undefined,
  code: string | null,
  lang: Language,
  national: string,
) {
  return code ? territoryName(territories, code, lang) : national;
}
