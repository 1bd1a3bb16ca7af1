import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Asks before deleting (a programme, a call) or cancelling (a benefit); the action stays the caller's. */
export function ConfirmDelete({
  opened,
  title,
  text,
  pending,
  confirmLabel,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  text: string;
  pending: boolean;
  confirmLabel?: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Text mb="md">{text}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('programme.cancel')}
        </Button>
        <Button color="red" loading={pending} onClick={onConfirm}>
          {confirmLabel ?? title}
        </Button>
      </Group>
    </Modal>
  );
}
