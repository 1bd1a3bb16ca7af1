import { Alert, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ActorSaved } from './actors.api';
import { WARNING_COLOR } from './fields';

export interface SaveOutcomeData extends Pick<ActorSaved, 'warnings' | 'changeRequestId'> {
  /** Fields sent for review (role `actor`), with the label already translated and the value shown. */
  requested?: Array<{ label: string; value: string }>;
}

/** Field label of a warning pointer (`/body/ice` -> the ICE label). */
function fieldOf(pointer: string): string {
  return pointer.split('/').filter(Boolean).at(-1) ?? '';
}

/**
 * What a save left to know: values kept with a doubt (warnings are never hidden) and, for an actor,
 * the change request its name or identifier changes became.
 */
export function SaveOutcome({ saved }: { saved: SaveOutcomeData }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Alert color="teal" variant="outline" role="status" title={t('actorForm.savedTitle')}>
        {t('actorForm.saved')}
      </Alert>
      {saved.warnings.length > 0 && (
        <Alert
          color={WARNING_COLOR}
          variant="outline"
          title={t('actorForm.warningsTitle')}
          data-testid="save-warnings"
        >
          <List size="sm">
            {saved.warnings.map((w) => (
              <List.Item key={`${w.pointer}:${w.detail}`}>
                {t('actorForm.warningAt', {
                  field: t(`actorField.${fieldOf(w.pointer)}`, { defaultValue: fieldOf(w.pointer) }),
                  detail: t(`actorWarning.${fieldOf(w.pointer)}`, { defaultValue: w.detail }),
                })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {saved.changeRequestId && (
        <Alert
          color="indigo"
          variant="outline"
          title={t('actorForm.pendingTitle')}
          data-testid="pending-request"
        >
          <Text size="sm">{t('actorForm.pendingBody')}</Text>
          {saved.requested && saved.requested.length > 0 && (
            <List size="sm" mt="xs">
              {saved.requested.map((r) => (
                <List.Item key={r.label}>
                  {t('actorForm.pendingItem', { field: r.label, value: r.value })}
                </List.Item>
              ))}
            </List>
          )}
          <Text size="xs" mt="xs">
            {t('actorForm.pendingReference', { id: saved.changeRequestId })}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
