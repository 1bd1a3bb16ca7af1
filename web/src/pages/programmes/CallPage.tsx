import '../conventions/conventions.css';
import { Anchor, Divider, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatMad, formatNumber } from '../../i18n/format';
import { ApplyForm } from './ApplyForm';
import { PreviewEditor } from './PreviewEditor';
import { Fact, RuleSentences, StatusBadge } from './parts';
import { getCall, localLabel, localTitle } from './programmes.api';
import { SelectionSection } from './SelectionSection';

/** A call for applications: dates, budget, reserved shares and rules; apply (actors); preview (managers). */
export default function CallPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const call = useQuery({ queryKey: ['calls', id], queryFn: () => getCall(id) });
  return (
    <QueryState query={call}>
      {(c) => {
        const manages =
          user?.role === 'admin' || (user?.role === 'partner' && user.organisationId === c.organisationId);
        const applies = c.open && (user?.role === 'actor' || user?.role === 'territorial');
        return (
          <>
            <PageHeader title={localTitle(c, lang)} />
            <Stack gap="xs" mb="lg">
              <Fact label={t('programme.statusLabel')}>
                <StatusBadge status={c.open ? 'open' : c.status} testId="call-status" />
              </Fact>
              <Fact label={t('programme.reference')}>
                <span dir="ltr">{c.reference}</span>
              </Fact>
              <Fact label={t('programme.programme')}>
                <Anchor component={Link} to={`/programmes/${c.programmeId}`}>
                  <span dir="ltr">{c.programmeReference}</span>
                </Anchor>
              </Fact>
              <Fact label={t('programme.opensAt')}>{formatDateTime(c.opensAt, lang)}</Fact>
              <Fact label={t('programme.closesAt')}>{formatDateTime(c.closesAt, lang)}</Fact>
              <Fact label={t('programme.budget')} testId="call-budget">
                {c.budgetCentimes === null ? '—' : formatMad(c.budgetCentimes, lang)}
              </Fact>
              {c.capacity !== null && (
                <Fact label={t('programme.capacity')}>{formatNumber(c.capacity, lang)}</Fact>
              )}
              {c.description && <Text>{c.description}</Text>}
            </Stack>
            <Title order={2} mb="sm">
              {t('programme.rules')}
            </Title>
            <RuleSentences rules={c.eligibilityRules} />
            {c.reservedShares.length > 0 && (
              <>
                <Title order={2} mt="lg" mb="sm">
                  {t('programme.reservedShares')}
                </Title>
                <List data-testid="reserved-shares">
                  {c.reservedShares.map((share) => (
                    <List.Item key={share.code}>
                      {t('programme.shareLine', {
                        label: localLabel(share, lang),
                        share: formatNumber(Math.round(share.minShare * 10_000) / 100, lang),
                      })}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {c.scoringGrid.length > 0 && (
              <>
                <Title order={2} mt="lg" mb="sm">
                  {t('programme.grid')}
                </Title>
                <List>
                  {c.scoringGrid.map((criterion) => (
                    <List.Item key={criterion.code}>
                      {t('programme.criterionLine', {
                        label: localLabel(criterion, lang),
                        weight: formatNumber(criterion.weight, lang),
                        max: formatNumber(criterion.max, lang),
                      })}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {applies && (
              <>
                <Divider my="lg" />
                <ApplyForm call={c} />
              </>
            )}
            {!user && c.open && (
              <Text mt="lg">
                <Anchor component={Link} to="/login">
                  {t('programme.signInToApply')}
                </Anchor>
              </Text>
            )}
            {manages && (
              <>
                <Divider my="lg" />
                <PreviewEditor call={c} />
                <Divider my="lg" />
                <SelectionSection call={c} />
              </>
            )}
          </>
        );
      }}
    </QueryState>
  );
}
