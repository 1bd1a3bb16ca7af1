import '../conventions/conventions.css';
import { Anchor, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDate, formatMad, formatNumber } from '../../i18n/format';
import { BenefitDeliveryForm, BenefitRegrantForm, BenefitVisitForm } from './BenefitForms';
import { BenefitStatus, benefitWhat } from './BenefitList';
import { ConfirmDelete } from './ProgrammeConfirmDelete';
import { Fact } from './parts';
import { cancelBenefit, type BenefitDetail as Detail, getBenefit } from './programmes.api';

type Delivery = Detail['deliveries'][number];

/**
 * `/benefits/:id`: what one beneficiary was granted, its disbursements and deliveries (never more
 * than granted: the server refuses), follow-up visits with notes; cancelling gives back to the call
 * and the quota what the benefit held, and a selected application may then receive a new benefit.
 */
export default function BenefitDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['benefit', id], queryFn: () => getBenefit(id) });
  const [confirming, setConfirming] = useState(false);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['benefit', id] });
    await client.invalidateQueries({ queryKey: ['benefits'] });
  };
  const cancel = useMutation({
    mutationFn: () => cancelBenefit(id, null),
    onSuccess: refresh,
    onSettled: () => setConfirming(false),
  });
  const columns: Column<Delivery>[] = [
    { key: 'on', header: t('programmeManage.date'), cell: (d) => formatDate(d.deliveredOn, lang) },
    {
      key: 'kind',
      header: t('programmeManage.deliveryKind'),
      cell: (d) => t(`programmeManage.deliveryKinds.${d.kind}`),
    },
    {
      key: 'amount',
      header: t('programmeManage.amountMad'),
      cell: (d) => (d.amountCentimes === null ? '—' : formatMad(d.amountCentimes, lang)),
    },
    {
      key: 'quantity',
      header: t('programmeManage.quantity'),
      cell: (d) => (d.quantity === null ? '—' : formatNumber(d.quantity, lang)),
    },
    { key: 'note', header: t('programmeManage.note'), cell: (d) => d.note ?? '' },
    { key: 'by', header: t('programmeManage.recordedBy'), cell: (d) => d.recordedBy },
  ];
  return (
    <QueryState query={detail}>
      {({ benefit: b, deliveries, visits }) => {
        const live = b.status === 'granted' || b.status === 'delivered';
        return (
          <>
            <PageHeader title={t('programmeManage.benefitTitle', { name: b.actorName })} />
            <Stack gap="xs" mb="lg">
              <Anchor
                component={Link}
                to={`/programmes/${b.programmeId}/benefits${b.callId ? `?callId=${b.callId}` : ''}`}
              >
                {t('programmeManage.backToBenefits')}
              </Anchor>
              <Fact label={t('programme.statusLabel')}>
                <BenefitStatus status={b.status} testId="benefit-status" />
              </Fact>
              <Fact label={t('programmeManage.granted')} testId="benefit-what">
                {benefitWhat(t, b, lang)}
              </Fact>
              <Fact label={t('programmeManage.grantedOn')}>
                {formatDate(b.grantedAt, lang)} — {b.grantedBy}
              </Fact>
              {b.applicationId && (
                <Fact label={t('programmeManage.application')}>
                  <Anchor component={Link} to={`/applications/${b.applicationId}`}>
                    {t('programmeManage.openApplication')}
                  </Anchor>
                </Fact>
              )}
              {b.note && <Fact label={t('programmeManage.note')}>{b.note}</Fact>}
            </Stack>
            {live && (
              <Group mb="md">
                <Button variant="default" color="red" onClick={() => setConfirming(true)}>
                  {t('programmeManage.cancelBenefit')}
                </Button>
              </Group>
            )}
            {cancel.isError && <ErrorNotice error={cancel.error} />}
            {b.status === 'cancelled' && b.applicationId && (
              <BenefitRegrantForm benefit={b} onDone={refresh} />
            )}
            <Title order={2} mb="sm">
              {t('programmeManage.deliveries')}
            </Title>
            {deliveries.length === 0 ? (
              <Text>{t('programmeManage.noDeliveries')}</Text>
            ) : (
              <DataTable
                caption={t('programmeManage.deliveries')}
                rows={deliveries}
                columns={columns}
                rowKey={(d) => d.id}
              />
            )}
            {live && <BenefitDeliveryForm benefit={b} deliveries={deliveries} onDone={refresh} />}
            <Divider my="lg" />
            <Title order={2} mb="sm">
              {t('programmeManage.visits')}
            </Title>
            {visits.length === 0 ? (
              <Text>{t('programmeManage.noVisits')}</Text>
            ) : (
              <Stack gap="xs" data-testid="visits">
                {visits.map((v) => (
                  <div key={v.id} className="rule-row">
                    <Text fw={700}>
                      {formatDate(v.visitedOn, lang)} — {v.visitor}
                    </Text>
                    <Text style={{ whiteSpace: 'pre-wrap' }}>{v.notes}</Text>
                  </div>
                ))}
              </Stack>
            )}
            <BenefitVisitForm benefitId={b.id} onDone={refresh} />
            <ConfirmDelete
              opened={confirming}
              title={t('programmeManage.cancelBenefit')}
              text={t('programmeManage.confirmCancelBenefit', { name: b.actorName })}
              pending={cancel.isPending}
              onCancel={() => setConfirming(false)}
              onConfirm={() => cancel.mutate()}
            />
          </>
        );
      }}
    </QueryState>
  );
}
