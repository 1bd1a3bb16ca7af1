import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { territoryName, useTerritories } from '../actors/reference';
import { centimesFromText } from '../conventions/money';
import { ActorPicker } from './ActorPicker';
import { Failure } from './BenefitForms';
import { programmeFieldErrors } from './ProgrammeErrors';
import { type BenefitCreate, grantBenefit, type Programme } from './programmes.api';
import { quantityFromText } from './QuotaEditor';

const EMPTY = { actorId: '', amount: '', seats: '', quantity: '', quotaId: '', note: '' };

/**
 * A benefit granted outside any call's selection (a programme run without calls, a case its
 * committee decided): the beneficiary found in the registry, what it receives, and for material the
 * quota it is drawn from. The server checks the budget, the quota and the manager's rights; each
 * refusal shows at its field.
 */
export function BenefitGrantForm({
  programme,
  onDone,
}: {
  programme: Programme;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const territories = useTerritories();
  const [values, setValues] = useState(EMPTY);
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (body: BenefitCreate) => grantBenefit(programme.id, body),
    onSuccess: async () => {
      setValues(EMPTY);
      await onDone();
    },
  });
  const errors = { ...programmeFieldErrors(t, mutation.error), ...local };
  const set = (name: keyof typeof EMPTY, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const material = programme.unit !== null;
  const submit = () => {
    const amount = centimesFromText(values.amount);
    const quantity = values.quantity.trim() === '' ? null : quantityFromText(values.quantity);
    const problems: Record<string, string> = {};
    if (!values.actorId) problems.actorId = t('programmeManage.chooseBeneficiary');
    if (amount === 'invalid') problems.amountCentimes = t('programme.amountInvalid');
    if (quantity === null && values.quantity.trim() !== '') problems.quantity = t('formError.number');
    if (values.seats.trim() !== '' && !/^\d+$/.test(values.seats.trim()))
      problems.seats = t('formError.number');
    setLocal(problems);
    if (Object.keys(problems).length > 0 || amount === 'invalid') return;
    mutation.mutate({
      actorId: values.actorId,
      amountCentimes: amount,
      seats: values.seats.trim() === '' ? null : Number(values.seats.trim()),
      quantity,
      quotaId: quantity === null ? null : values.quotaId || null,
      note: values.note.trim() || null,
    });
  };
  return (
    <form
      noValidate
      data-testid="grant-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Title order={2} mt="md" mb="xs">
        {t('programmeManage.grantOutside')}
      </Title>
      <Text mb="xs">{t('programmeManage.grantOutsideHint')}</Text>
      <ActorPicker value={values.actorId} onChange={(id) => set('actorId', id)} error={errors.actorId} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} maw={900} mt="xs">
        <TextInput
          name="grant.amount"
          inputMode="decimal"
          label={t('programmeManage.amountMad')}
          value={values.amount}
          error={errors.amountCentimes}
          onChange={(event) => set('amount', event.currentTarget.value)}
        />
        <TextInput
          name="grant.seats"
          inputMode="numeric"
          label={t('programme.capacity')}
          value={values.seats}
          error={errors.seats}
          onChange={(event) => set('seats', event.currentTarget.value)}
        />
        {material && (
          <TextInput
            name="grant.quantity"
            inputMode="decimal"
            label={t('programmeManage.quantity')}
            value={values.quantity}
            error={errors.quantity}
            onChange={(event) => set('quantity', event.currentTarget.value)}
          />
        )}
      </SimpleGrid>
      {material && (
        <NativeSelect
          name="grant.quotaId"
          maw={600}
          mt="xs"
          label={t('programmeManage.quotaDrawn')}
          value={values.quotaId}
          error={errors.quotaId}
          onChange={(event) => set('quotaId', event.currentTarget.value)}
          data={[
            { value: '', label: t('programmeManage.noQuota') },
            ...programme.quotas.map((q) => ({
              value: q.id,
              label: `${q.period} — ${
                q.territoryCode === null
                  ? t('programmeManage.national')
                  : territoryName(territories.data, q.territoryCode, lang)
              } (${formatNumber(q.allocated, lang)} / ${formatNumber(q.quantity, lang)})`,
            })),
          ]}
        />
      )}
      <Textarea
        name="grant.note"
        maw={900}
        mt="xs"
        label={t('programmeManage.note')}
        value={values.note}
        onChange={(event) => set('note', event.currentTarget.value)}
      />
      {mutation.isError && <Failure error={mutation.error} errors={errors} />}
      {mutation.isSuccess && (
        <Text role="status" mt="sm" data-testid="granted">
          {t('programmeManage.grantedOutside')}{' '}
          <Anchor component={Link} to={`/benefits/${mutation.data.id}`}>
            {t('programmeManage.openNewBenefit')}
          </Anchor>
        </Text>
      )}
      <Group mt="sm">
        <Button type="submit" loading={mutation.isPending}>
          {t('programmeManage.grantButton')}
        </Button>
      </Group>
    </form>
  );
}
