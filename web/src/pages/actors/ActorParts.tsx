/** Small pieces the registry pages share. They render what they are given and fetch nothing. */
import { List, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge';
import type { Language } from '../../i18n';
import { formatNumber, intlLocale } from '../../i18n/format';
import type { ActorStatus, DuplicateReason } from './actors.api';

/** The name in the UI language's script, with the other script beside it when both exist. */
export function NameCell({
  record,
  lang,
}: {
  record: { nameFr: string | null; nameAr: string | null };
  lang: Language;
}) {
  const fr = record.nameFr?.trim() || '';
  const ar = record.nameAr?.trim() || '';
  const [first, second] = lang === 'ar' ? [ar, fr] : [fr, ar];
  const main = first || second;
  const other = first ? second : '';
  const scriptOf = (text: string) => (text === ar ? 'ar' : 'fr');
  return (
    <>
      <span lang={scriptOf(main)} dir="auto">
        {main}
      </span>
      {other && (
        <>
          {' · '}
          <span lang={scriptOf(other)} dir="auto" className="other-script">
            {other}
          </span>
        </>
      )}
    </>
  );
}

export function ActorStatusBadge({ status }: { status: ActorStatus }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={status === 'active' ? 'positive' : 'neutral'}>
      {t(`actorStatus.${status}`)}
    </StatusBadge>
  );
}

/** Territory names and codes come from the HCP: say so wherever they are shown. */
export function TerritorySource() {
  const { t } = useTranslation();
  return (
    <Text size="xs" mt="md" className="territory-source">
      {t('territory.source')}
    </Text>
  );
}

/** Why two records look alike, in words. */
export function reasonText(t: TFunction, reason: DuplicateReason, lang: Language): string {
  const field = reason.field ? t(`actorField.${reason.field}`) : '';
  const similarity =
    reason.similarity === undefined
      ? ''
      : new Intl.NumberFormat(intlLocale(lang), { style: 'percent' }).format(reason.similarity);
  return t(`duplicateReason.${reason.code}`, { field, similarity, defaultValue: reason.code });
}

export function ReasonList({ reasons, lang }: { reasons: readonly DuplicateReason[]; lang: Language }) {
  const { t } = useTranslation();
  return (
    <List size="sm" spacing={2}>
      {reasons.map((reason) => (
        <List.Item key={`${reason.code}:${reason.field ?? ''}`}>{reasonText(t, reason, lang)}</List.Item>
      ))}
    </List>
  );
}

/** A likelihood score (0 to 1) as a percentage in the UI language. */
export function ScoreText({ score, lang }: { score: number; lang: Language }) {
  const { t } = useTranslation();
  return <>{t('duplicates.scoreValue', { formatted: formatNumber(Math.round(score * 100), lang) })}</>;
}
