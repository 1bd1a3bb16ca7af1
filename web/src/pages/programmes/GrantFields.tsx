import { Anchor, Button, Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { centimesFromText } from '../conventions/money';
import { quantityFromText } from './QuotaEditor';

/** What a benefit grants, as typed: an amount in MAD, seats, a quantity of material. */
export interface GrantText {
  amount: string;
  seats: string;
  quantity: string;
}

export interface GrantValues {
  amountCentimes: number | null;
  seats: number | null;
  quantity: number | null;
}

/** The typed grant as numbers, or the problems to show at its fields (keyed like the server's pointers). */
export function readGrant(
  t: TFunction,
  text: GrantText,
): { values: GrantValues; problems: Record<string, string> } {
  const amount = centimesFromText(text.amount);
  const quantity = text.quantity.trim() === '' ? null : quantityFromText(text.quantity);
  const seats = text.seats.trim();
  const problems: Record<string, string> = {};
  if (amount === 'invalid') problems.amountCentimes = t('programme.amountInvalid');
  if (quantity === null && text.quantity.trim() !== '') problems.quantity = t('formError.number');
  if (seats !== '' && !/^\d+$/.test(seats)) problems.seats = t('formError.number');
  return {
    values: {
      amountCentimes: amount === 'invalid' ? null : amount,
      seats: seats === '' ? null : Number(seats),
      quantity,
    },
    problems,
  };
}

/** The amount, seats and (for material) quantity inputs of a grant, named `<prefix>.amount` etc. */
export function GrantInputs({
  prefix,
  text,
  errors,
  withQuantity,
  onChange,
}: {
  prefix: string;
  text: GrantText;
  errors: Record<string, string>;
  withQuantity: boolean;
  onChange: (name: keyof GrantText, value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} maw={900} mt="xs">
      <TextInput
        name={`${prefix}.amount`}
        inputMode="decimal"
        label={t('programmeManage.amountMad')}
        value={text.amount}
        error={errors.amountCentimes}
        onChange={(event) => onChange('amount', event.currentTarget.value)}
      />
      <TextInput
        name={`${prefix}.seats`}
        inputMode="numeric"
        label={t('programme.capacity')}
        value={text.seats}
        error={errors.seats}
        onChange={(event) => onChange('seats', event.currentTarget.value)}
      />
      {withQuantity && (
        <TextInput
          name={`${prefix}.quantity`}
          inputMode="decimal"
          label={t('programmeManage.quantity')}
          value={text.quantity}
          error={errors.quantity}
          onChange={(event) => onChange('quantity', event.currentTarget.value)}
        />
      )}
    </SimpleGrid>
  );
}

/** After a grant: what was saved, with a link to the new benefit; then the form's button. */
export function GrantFooter({
  saved,
  savedText,
  savedTestId,
  pending,
  button,
}: {
  saved: { id: string } | undefined;
  savedText: string;
  savedTestId: string;
  pending: boolean;
  button: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {saved && (
        <Text role="status" mt="sm" data-testid={savedTestId}>
          {savedText}{' '}
          <Anchor component={Link} to={`/benefits/${saved.id}`}>
            {t('programmeManage.openNewBenefit')}
          </Anchor>
        </Text>
      )}
      <Group mt="sm">
        <Button type="submit" loading={pending}>
          {button}
        </Button>
      </Group>
    </>
  );
}
