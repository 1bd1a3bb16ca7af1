import { Alert, Button, Group, NativeSelect, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import { territoryName, useTerritories } from '../actors/reference';
import { programmeFieldErrors } from './ProgrammeErrors';
import { type Programme, putQuota } from './programmes.api';

type Quota = Programme['quotas'][number];

/** "12,5" or "12.5" to a number; null when it is not one (the form says so before sending). */
export function quantityFromText(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null;
}

/**
 * A raw-material programme's quotas: quantity available per period and territory (none = national),
 * what is already allocated; managers add or change one, each server error at its field.
 */
export function QuotaEditor({ programme, manages }: { programme: Programme; manages: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const territories = useTerritories();
  const [values, setValues] = useState({ period: '', territoryCode: '', quantity: '' });
  const [quantityError, setQuantityError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (body: Parameters<typeof putQuota>[1]) => putQuota(programme.id, body),
    onSuccess: async (updated) => {
      client.setQueryData(['programmes', programme.id], updated);
      setValues({ period: '', territoryCode: '', quantity: '' });
      await client.invalidateQueries({ queryKey: ['programmes'] });
    },
  });
  const errors = programmeFieldErrors(t, mutation.error);
  const unit = programme.unit ? t(`programmeManage.units.${programme.unit}`) : '';
  const where = (code: string | null) =>
    code === null ? t('programmeManage.national') : territoryName(territories.data, code, lang);
  const submit = () => {
    const quantity = quantityFromText(values.quantity);
    if (quantity === null) {
      setQuantityError(t('formError.number'));
      return;
    }
    setQuantityError(undefined);
    mutation.mutate({
      period: values.period.trim(),
      territoryCode: values.territoryCode || null,
      quantity,
    });
  };
  const columns: Column<Quota>[] = [
    { key: 'period', header: t('programmeManage.period'), cell: (q) => <span dir="ltr">{q.period}</span> },
    { key: 'territory', header: t('programmeManage.territory'), cell: (q) => where(q.territoryCode) },
    {
      key: 'quantity',
      header: t('programmeManage.quantityUnit', { unit }),
      cell: (q) => formatNumber(q.quantity, lang),
    },
    {
      key: 'allocated',
      header: t('programmeManage.allocated'),
      cell: (q) => formatNumber(q.allocated, lang),
    },
  ];
  if (manages)
    columns.push({
      key: 'change',
      header: t('programme.actions'),
      cell: (q) => (
        <Button
          size="xs"
          variant="default"
          aria-label={t('programmeManage.changeQuotaOf', {
            period: q.period,
            territory: where(q.territoryCode),
          })}
          onClick={() =>
            setValues({
              period: q.period,
              territoryCode: q.territoryCode ?? '',
              quantity: String(q.quantity),
            })
          }
        >
          {t('programmeManage.change')}
        </Button>
      ),
    });
  const regions = [...(territories.data?.regions ?? [])].sort((a, b) =>
    localName(a, lang).localeCompare(localName(b, lang), lang),
  );
  return (
    <section aria-labelledby="quotas-title">
      <Title order={2} id="quotas-title" mb="sm">
        {t('programmeManage.quotas')}
      </Title>
      {programme.quotas.length === 0 ? (
        <Text mb="sm">{t('programmeManage.noQuotas')}</Text>
      ) : (
        <DataTable
          caption={t('programmeManage.quotas')}
          rows={programme.quotas}
          columns={columns}
          rowKey={(q) => q.id}
        />
      )}
      {manages && (
        <form
          noValidate
          data-testid="quota-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Title order={3} mt="md" mb="xs">
            {t('programmeManage.setQuota')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} maw={900}>
            <TextInput
              name="quota.period"
              dir="ltr"
              label={t('programmeManage.period')}
              description={t('programmeManage.periodHint')}
              value={values.period}
              error={errors.period}
              onChange={(event) => {
                const period = event.currentTarget.value;
                setValues((v) => ({ ...v, period }));
              }}
            />
            <NativeSelect
              name="quota.territoryCode"
              label={t('programmeManage.territory')}
              value={values.territoryCode}
              error={errors.territoryCode}
              onChange={(event) => {
                const territoryCode = event.currentTarget.value;
                setValues((v) => ({ ...v, territoryCode }));
              }}
              data={[
                { value: '', label: t('programmeManage.national') },
                ...regions.map((region) => ({
                  group: localName(region, lang),
                  items: [
                    {
                      value: region.code,
                      label: t('commitment.wholeRegion', { name: localName(region, lang) }),
                    },
                    ...(territories.data?.provinces ?? [])
                      .filter((p) => p.parentCode === region.code)
                      .map((p) => ({ value: p.code, label: localName(p, lang) })),
                  ],
                })),
              ]}
            />
            <TextInput
              name="quota.quantity"
              label={t('programmeManage.quantityUnit', { unit })}
              inputMode="decimal"
              value={values.quantity}
              error={quantityError ?? errors.quantity}
              onChange={(event) => {
                const quantity = event.currentTarget.value;
                setValues((v) => ({ ...v, quantity }));
              }}
            />
          </SimpleGrid>
          {mutation.isError && Object.keys(errors).length > 0 && (
            <Alert color="red" role="alert" mt="sm">
              {t('programme.fixFields')}
            </Alert>
          )}
          {mutation.isError && Object.keys(errors).length === 0 && <ErrorNotice error={mutation.error} />}
          {mutation.isSuccess && (
            <Text role="status" mt="sm">
              {t('programmeManage.quotaSaved')}
            </Text>
          )}
          <Group mt="sm">
            <Button type="submit" loading={mutation.isPending}>
              {t('programmeManage.saveQuota')}
            </Button>
          </Group>
        </form>
      )}
    </section>
  );
}
