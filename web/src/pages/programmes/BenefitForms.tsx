import {
  Alert,
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
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatMad, formatNumber } from '../../i18n/format';
import { centimesFromText, textFromCentimes } from '../conventions/money';
import { GrantFooter, GrantInputs, type GrantText, readGrant } from './GrantFields';
import { programmeFieldErrors } from './ProgrammeErrors';
import {
  type Benefit,
  type BenefitDetail,
  type DeliveryCreate,
  grantBenefit,
  recordDelivery,
  recordVisit,
} from './programmes.api';
import { quantityFromText } from './QuotaEditor';

const KINDS: DeliveryCreate['kind'][] = ['disbursement', 'delivery', 'attendance', 'completion'];
const today = () => new Date().toISOString().slice(0, 10);

/** What a failed save shows: the fields' messages at their inputs, else the error itself. */
export function Failure({ error, errors }: { error: unknown; errors: Record<string, string> }) {
  const { t } = useTranslation();
  if (Object.keys(errors).length > 0)
    return (
      <Alert color="red" role="alert" mt="sm">
        {t('programme.fixFields')}
      </Alert>
    );
  return <ErrorNotice error={error} />;
}

/**
 * What is left of a benefit to disburse and to deliver, counted as the server counts it (the
 * disbursements' amounts, the deliveries' quantities), so a manager knows what the form will take.
 */
function LeftToDeliver({
  benefit,
  deliveries,
}: {
  benefit: Benefit;
  deliveries: BenefitDetail['deliveries'];
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const total = (kind: string, pick: (d: BenefitDetail['deliveries'][number]) => number | null) =>
    deliveries.filter((d) => d.kind === kind).reduce((sum, d) => sum + (pick(d) ?? 0), 0);
  const lines: string[] = [];
  if (benefit.amountCentimes !== null) {
    const left = benefit.amountCentimes - total('disbursement', (d) => d.amountCentimes);
    lines.push(t('programmeManage.leftAmount', { amount: formatMad(Math.max(0, left), lang) }));
  }
  if (benefit.quantity !== null) {
    const left = benefit.quantity - total('delivery', (d) => d.quantity);
    lines.push(
      t('programmeManage.leftQuantity', {
        quantity: formatNumber(Math.max(0, left), lang),
        unit: benefit.unit ?? '',
      }).trim(),
    );
  }
  if (lines.length === 0) return null;
  return (
    <Text data-testid="delivery-left" mb="xs">
      {lines.join(' · ')}
    </Text>
  );
}

/** Records a disbursement (money), a delivery (material), an attendance or a completion. */
export function BenefitDeliveryForm({
  benefit,
  deliveries,
  onDone,
}: {
  benefit: Benefit;
  deliveries: BenefitDetail['deliveries'];
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState({
    kind: (benefit.amountCentimes !== null
      ? 'disbursement'
      : benefit.quantity !== null
        ? 'delivery'
        : 'attendance') as DeliveryCreate['kind'],
    deliveredOn: today(),
    amount: '',
    quantity: '',
    note: '',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (body: DeliveryCreate) => recordDelivery(benefit.id, body),
    onSuccess: async () => {
      setValues((v) => ({ ...v, amount: '', quantity: '', note: '' }));
      await onDone();
    },
  });
  const errors = { ...programmeFieldErrors(t, mutation.error), ...local };
  const set = (name: keyof typeof values, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const submit = () => {
    const amount = centimesFromText(values.amount);
    const quantity = values.quantity.trim() === '' ? null : quantityFromText(values.quantity);
    const problems: Record<string, string> = {};
    if (amount === 'invalid') problems.amountCentimes = t('programme.amountInvalid');
    if (quantity === null && values.quantity.trim() !== '') problems.quantity = t('formError.number');
    setLocal(problems);
    if (Object.keys(problems).length > 0 || amount === 'invalid') return;
    mutation.mutate({
      kind: values.kind,
      deliveredOn: values.deliveredOn,
      ...(amount !== null ? { amountCentimes: amount } : {}),
      ...(quantity !== null ? { quantity } : {}),
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
    });
  };
  return (
    <form
      noValidate
      data-testid="delivery-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Title order={3} mt="md" mb="xs">
        {t('programmeManage.recordDelivery')}
      </Title>
      <LeftToDeliver benefit={benefit} deliveries={deliveries} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={900}>
        <NativeSelect
          name="delivery.kind"
          label={t('programmeManage.deliveryKind')}
          value={values.kind}
          onChange={(event) =>
            set('kind', KINDS.find((k) => k === event.currentTarget.value) ?? 'disbursement')
          }
          data={KINDS.map((k) => ({ value: k, label: t(`programmeManage.deliveryKinds.${k}`) }))}
        />
        <TextInput
          name="delivery.deliveredOn"
          type="date"
          label={t('programmeManage.date')}
          value={values.deliveredOn}
          error={errors.deliveredOn}
          onChange={(event) => set('deliveredOn', event.currentTarget.value)}
        />
        <TextInput
          name="delivery.amount"
          inputMode="decimal"
          label={t('programmeManage.amountMad')}
          value={values.amount}
          error={errors.amountCentimes}
          onChange={(event) => set('amount', event.currentTarget.value)}
        />
        <TextInput
          name="delivery.quantity"
          inputMode="decimal"
          label={t('programmeManage.quantity')}
          value={values.quantity}
          error={errors.quantity}
          onChange={(event) => set('quantity', event.currentTarget.value)}
        />
      </SimpleGrid>
      <Textarea
        name="delivery.note"
        maw={900}
        mt="sm"
        label={t('programmeManage.note')}
        value={values.note}
        error={errors.note}
        onChange={(event) => set('note', event.currentTarget.value)}
      />
      {mutation.isError && <Failure error={mutation.error} errors={errors} />}
      {mutation.isSuccess && (
        <Text role="status" mt="sm">
          {t('programmeManage.deliveryRecorded')}
        </Text>
      )}
      <Group mt="sm">
        <Button type="submit" loading={mutation.isPending}>
          {t('programmeManage.recordDelivery')}
        </Button>
      </Group>
    </form>
  );
}

/** Records a follow-up visit with its notes. */
export function BenefitVisitForm({ benefitId, onDone }: { benefitId: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [visitedOn, setVisitedOn] = useState(today());
  const [notes, setNotes] = useState('');
  const mutation = useMutation({
    mutationFn: () => recordVisit(benefitId, { visitedOn, notes: notes.trim() }),
    onSuccess: async () => {
      setNotes('');
      await onDone();
    },
  });
  const errors = programmeFieldErrors(t, mutation.error);
  return (
    <form
      noValidate
      data-testid="visit-form"
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <Title order={3} mt="md" mb="xs">
        {t('programmeManage.recordVisit')}
      </Title>
      <TextInput
        name="visit.visitedOn"
        type="date"
        maw={300}
        label={t('programmeManage.date')}
        value={visitedOn}
        error={errors.visitedOn}
        onChange={(event) => setVisitedOn(event.currentTarget.value)}
      />
      <Textarea
        name="visit.notes"
        maw={900}
        mt="sm"
        autosize
        minRows={3}
        label={t('programmeManage.visitNotes')}
        value={notes}
        error={errors.notes}
        onChange={(event) => setNotes(event.currentTarget.value)}
      />
      {mutation.isError && <Failure error={mutation.error} errors={errors} />}
      <Group mt="sm">
        <Button type="submit" loading={mutation.isPending}>
          {t('programmeManage.recordVisit')}
        </Button>
      </Group>
    </form>
  );
}

/**
 * A new benefit for the selected application whose benefit was cancelled: drawn again under the
 * call's budget and seats and the quota (the server refuses past any of them, or a second live one).
 */
export function BenefitRegrantForm({ benefit, onDone }: { benefit: Benefit; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState<GrantText>({
    amount: textFromCentimes(benefit.amountCentimes),
    seats: benefit.seats === null ? '' : String(benefit.seats),
    quantity: benefit.quantity === null ? '' : String(benefit.quantity),
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (body: Parameters<typeof grantBenefit>[1]) => grantBenefit(benefit.programmeId, body),
    onSuccess: onDone,
  });
  const errors = { ...programmeFieldErrors(t, mutation.error), ...local };
  const submit = () => {
    const { values, problems } = readGrant(t, text);
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({
      applicationId: benefit.applicationId,
      ...values,
      quotaId: values.quantity === null ? null : benefit.quotaId,
    });
  };
  return (
    <form
      noValidate
      data-testid="regrant-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Title order={2} mt="md" mb="xs">
        {t('programmeManage.regrant')}
      </Title>
      <Text mb="xs">{t('programmeManage.regrantHint')}</Text>
      <GrantInputs
        prefix="regrant"
        text={text}
        errors={errors}
        withQuantity
        onChange={(name, value) => setText((v) => ({ ...v, [name]: value }))}
      />
      {mutation.isError && <Failure error={mutation.error} errors={errors} />}
      <GrantFooter
        saved={mutation.isSuccess ? mutation.data : undefined}
        savedText={t('programmeManage.regranted')}
        savedTestId="regranted"
        pending={mutation.isPending}
        button={t('programmeManage.regrantButton')}
      />
    </form>
  );
}
