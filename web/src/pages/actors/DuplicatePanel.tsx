import { Alert, Anchor, Button, Group, List, Text } from '@mantine/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language } from '../../i18n';
import { NameCell, ReasonList, ScoreText } from './ActorParts';
import type { LikelyDuplicate } from './actors.api';
import { WARNING_COLOR } from './fields';
import { type Territories, territoryName } from './reference';

interface DuplicatePanelProps {
  items: readonly LikelyDuplicate[];
  likelyThreshold: number;
  territories: Territories | undefined;
  lang: Language;
  /** True once the user asked to save: the panel then asks to confirm. */
  confirming: boolean;
  onConfirm: () => void;
  onReview: () => void;
  saving: boolean;
}

/** Records that look like the one being registered, shown before it is saved. */
export const DuplicatePanel = forwardRef<HTMLDivElement, DuplicatePanelProps>(function DuplicatePanel(
  { items, likelyThreshold, territories, lang, confirming, onConfirm, onReview, saving },
  ref,
) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color={WARNING_COLOR}
      variant="outline"
      title={t('actorForm.duplicatesTitle')}
      data-testid="duplicate-panel"
    >
      <Text size="sm" mb="xs">
        {t('actorForm.duplicatesBody')}
      </Text>
      <List spacing="sm" listStyleType="none" ps={0}>
        {items.map((item) => (
          <List.Item key={item.id} data-testid="duplicate-candidate">
            <Anchor component={Link} to={`/actors/${item.id}`} target="_blank" rel="noopener">
              <NameCell record={item} lang={lang} />
            </Anchor>{' '}
            <Text span size="sm">
              ({territoryName(territories, item.provinceCode, lang)}) ·{' '}
              <ScoreText score={item.score} lang={lang} />
              {item.score >= likelyThreshold ? ` · ${t('actorForm.likely')}` : ''}
            </Text>
            <ReasonList reasons={item.reasons} lang={lang} />
          </List.Item>
        ))}
      </List>
      {confirming && (
        <Group mt="md">
          <Text size="sm" fw={700}>
            {t('actorForm.confirmQuestion')}
          </Text>
          <Button size="xs" onClick={onConfirm} loading={saving}>
            {t('actorForm.saveAnyway')}
          </Button>
          <Button size="xs" variant="default" onClick={onReview}>
            {t('actorForm.review')}
          </Button>
        </Group>
      )}
    </Alert>
  );
});
