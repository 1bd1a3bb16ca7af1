import '../conventions/conventions.css';
import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { AppealSection } from './AppealSection';
import { AttachmentSection } from './AttachmentSection';
import { DraftSection } from './DraftSection';
import { EvaluationSection } from './EvaluationSection';
import { Fact, StatusBadge } from './parts';
import { getApplication, getCall, LETTER_STATUSES } from './programmes.api';
import { WithdrawButton } from './WithdrawButton';

/**
 * One application: its status, the eligibility verdict with each rule's explanation, attachments and
 * appeals; the applicant side (the actor, its territorial agent, an administrator) completes and
 * submits a draft, withdraws it, appeals and attaches PDFs; managers decide appeals and evaluate.
 */
export default function ApplicationDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const application = useQuery({ queryKey: ['applications', id], queryFn: () => getApplication(id) });
  const callId = application.data?.callId ?? '';
  const call = useQuery({
    queryKey: ['calls', callId],
    queryFn: () => getCall(callId),
    enabled: callId !== '',
  });
  // The server decides in the end (404 to anyone else); these only choose what to offer.
  const actsForApplicant = user?.role === 'actor' || user?.role === 'territorial' || user?.role === 'admin';
  // Appeals are decided and evaluators named by the programme's manager (as on the call page).
  const manager =
    user?.role === 'admin' ||
    (user?.role === 'partner' && call.data !== undefined && user.organisationId === call.data.organisationId);
  return (
    <QueryState query={application}>
      {(a) => (
        <>
          <PageHeader title={t('programme.applicationTitle', { reference: a.callReference })} />
          <Stack gap="xs" mb="lg">
            <Fact label={t('programme.statusLabel')}>
              <StatusBadge status={a.status} testId="application-status" />
            </Fact>
            <Fact label={t('programme.call')}>
              <Anchor component={Link} to={`/calls/${a.callId}`}>
                <span dir="ltr">{a.callReference}</span>
              </Anchor>
            </Fact>
            <Fact label={t('programme.applicant')}>{a.actorName}</Fact>
            {a.status !== 'draft' && <Fact label={t('programme.submittedBy')}>{a.submittedByLabel}</Fact>}
            {a.submittedAt && (
              <Fact label={t('programme.submittedAt')}>{formatDateTime(a.submittedAt, lang)}</Fact>
            )}
            {a.totalScore !== null && (
              <Fact label={t('programme.totalScore')}>{formatNumber(a.totalScore, lang)}</Fact>
            )}
            {a.waitlistPosition !== null && (
              <Fact label={t('programme.waitlistPosition')}>{formatNumber(a.waitlistPosition, lang)}</Fact>
            )}
          </Stack>
          {actsForApplicant && <WithdrawButton applicationId={a.id} status={a.status} />}
          {LETTER_STATUSES.includes(a.status) && (
            <Text mb="lg" data-testid="decision-letters">
              {t('programme.decisionLetter')}{' '}
              <Anchor href={`/api/applications/${a.id}/decision-letter?lang=fr`} lang="fr">
                Français (PDF)
              </Anchor>
              {' · '}
              <Anchor href={`/api/applications/${a.id}/decision-letter?lang=ar`} lang="ar">
                العربية (PDF)
              </Anchor>
            </Text>
          )}
          {/* A draft has no verdict yet: eligibility is evaluated when it is submitted. */}
          {a.status === 'draft' && actsForApplicant && call.data && (
            <DraftSection application={a} call={call.data} />
          )}
          {a.status !== 'draft' && (
            <>
              <Title order={2} mb="sm">
                {t('programme.eligibility')}
              </Title>
              <Text fw={700} mb="xs" data-testid="eligibility-verdict">
                {a.eligible === null
                  ? t('programme.verdictPending')
                  : a.eligible
                    ? t('programme.verdictEligible')
                    : t('programme.verdictIneligible')}
              </Text>
              <List data-testid="explanations" spacing={4} listStyleType="none">
                {a.explanations.map((e) => (
                  <List.Item
                    key={e.pointer}
                    data-pass={e.pass ? 'true' : 'false'}
                    style={{ marginInlineStart: `${e.depth * 1.5}rem` }}
                  >
                    <span className="visually-hidden">
                      {e.pass ? t('programme.passed') : t('programme.failed')}{' '}
                    </span>
                    {e.message[lang]}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <AttachmentSection
            applicationId={a.id}
            canAdd={actsForApplicant}
            callOpen={call.data?.open === true}
          />
          <AppealSection
            applicationId={a.id}
            status={a.status}
            canAppeal={actsForApplicant}
            canDecide={manager}
          />
          {user &&
            (user.role === 'admin' || user.role === 'partner') &&
            (a.status === 'eligible' || a.status === 'scored') && (
              <EvaluationSection application={a} userId={user.id} manages={manager} />
            )}
        </>
      )}
    </QueryState>
  );
}
