import { NativeSelect, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { territoryName, useTerritories } from '../actors/reference';
import { ActorPicker } from './ActorPicker';
import { Failure } from './BenefitForms';
import { GrantFooter, GrantInputs, readGrant } from './GrantFields';
import { programmeFieldErrors } from './ProgrammeErrors';
import { type BenefitCreate, grantBenefit, type Programme } from './programmes.api';

const EMPTY = { actorId: '', amount: '', seats: '', quantity: '', quotaId: '', note: '' };
type Field = keyof typeof EMPTY;

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
  const set = (name: Field, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const material = programme.unit !== null;
  const submit = () => {
    const { values: grant, problems } = readGrant(t, values);
    if (!values.actorId) problems.actorId = t('programmeManage.chooseBeneficiary');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({
      actorId: values.actorId,
      ...grant,
      quotaId: grant.quantity === null ? null : values.quotaId || null,
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
      <GrantInputs prefix="grant" text={values} errors={errors} withQuantity={material} onChange={set} />
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
      <GrantFooter
        saved={mutation.isSuccess ? mutation.data : undefined}
        savedText={t('programmeManage.grantedOutside')}
        savedTestId="granted"
        pending={mutation.isPending}
        button={t('programmeManage.grantButton')}
      />
    </form>
  );
}
