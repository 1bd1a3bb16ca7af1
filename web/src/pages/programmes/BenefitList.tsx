import '../conventions/conventions.css';
import { Anchor, NativeSelect, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { type Column, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage, type Language } from '../../i18n';
import { formatDate, formatMad, formatNumber } from '../../i18n/format';
import { Badge } from '../conventions/parts';
import { BenefitGrantForm } from './BenefitGrantForm';
import {
  type Benefit,
  getProgramme,
  listBenefits,
  listCalls,
  localTitle,
  managesOrganisation,
} from './programmes.api';

const BENEFIT_TONE = {
  granted: 'info',
  delivered: 'positive',
  withdrawn: 'neutral',
  cancelled: 'danger',
} as const;

/** A benefit's status (granted, delivered, withdrawn, cancelled) as a coloured badge. */
export function BenefitStatus({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  const tone = BENEFIT_TONE[status as keyof typeof BENEFIT_TONE] ?? 'neutral';
  return (
    <Badge tone={tone} {...(testId ? { testId } : {})}>
      {t(`programmeManage.benefitStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** "2 500,00 MAD · 1 place · 12 m³": what a benefit gives, in the UI language. */
export function benefitWhat(t: TFunction, b: Benefit, lang: Language): string {
  const parts: string[] = [];
  if (b.amountCentimes !== null) parts.push(formatMad(b.amountCentimes, lang));
  if (b.seats !== null) parts.push(t('programmeManage.seats', { formatted: formatNumber(b.seats, lang) }));
  if (b.quantity !== null)
    parts.push(
      `${formatNumber(b.quantity, lang)} ${b.unit ? t(`programmeManage.units.${b.unit}`) : ''}`.trim(),
    );
  return parts.join(' · ') || '—';
}

/**
 * `/programmes/:id/benefits[?callId=]`: what each beneficiary of the programme (or of one call)
 * receives; its managers may also grant a benefit outside any call.
 */
export default function BenefitList() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const callId = params.get('callId') ?? '';
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const client = useQueryClient();
  const programme = useQuery({ queryKey: ['programmes', id], queryFn: () => getProgramme(id) });
  const calls = useQuery({ queryKey: ['calls', 'list', id], queryFn: () => listCalls(id) });
  const benefits = useQuery({
    queryKey: ['benefits', id, callId],
    queryFn: () => listBenefits(id, callId || undefined),
  });
  const callRef = new Map((calls.data?.items ?? []).map((c) => [c.id, c.reference]));
  const columns: Column<Benefit>[] = [
    {
      key: 'actor',
      header: t('programmeManage.beneficiary'),
      cell: (b) => (
        <Anchor component={Link} to={`/benefits/${b.id}`}>
          {b.actorName}
        </Anchor>
      ),
    },
    {
      key: 'call',
      header: t('programme.call'),
      cell: (b) => (b.callId ? <span dir="ltr">{callRef.get(b.callId) ?? '…'}</span> : '—'),
    },
    { key: 'what', header: t('programmeManage.granted'), cell: (b) => benefitWhat(t, b, lang) },
    { key: 'status', header: t('programme.statusLabel'), cell: (b) => <BenefitStatus status={b.status} /> },
    { key: 'at', header: t('programmeManage.grantedOn'), cell: (b) => formatDate(b.grantedAt, lang) },
  ];
  return (
    <QueryState query={programme}>
      {(p) => (
        <>
          <PageHeader title={t('programmeManage.benefitsOf', { title: localTitle(p, lang) })} />
          <Stack gap="md">
            <Anchor component={Link} to={`/programmes/${p.id}`}>
              {t('programmeManage.backToProgramme')}
            </Anchor>
            <NativeSelect
              name="callId"
              maw={480}
              label={t('programme.call')}
              value={callId}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setParams(value ? { callId: value } : {});
              }}
              data={[
                { value: '', label: t('programmeManage.allCalls') },
                ...(calls.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.reference} — ${localTitle(c, lang)}`,
                })),
              ]}
            />
            <QueryState
              query={benefits}
              isEmpty={(d) => d.items.length === 0}
              emptyText={t('programmeManage.noBenefits')}
            >
              {(data) => (
                <DataTable
                  caption={t('programmeManage.benefits')}
                  rows={data.items}
                  columns={columns}
                  rowKey={(b) => b.id}
                />
              )}
            </QueryState>
            {managesOrganisation(user, p.organisationId) && (
              <BenefitGrantForm
                programme={p}
                onDone={() => client.invalidateQueries({ queryKey: ['benefits', id] })}
              />
            )}
          </Stack>
        </>
      )}
    </QueryState>
  );
}
