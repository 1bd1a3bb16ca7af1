import './actors.css';
import { Alert, Anchor, Button, List, Paper, SimpleGrid, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import { ActorHistory } from './ActorHistory';
import { ActorStatusBadge, TerritorySource } from './ActorParts';
import { type Actor, getActor } from './actors.api';
import {
  COUNT_GROUPS,
  COUNT_PARTS,
  IDENTIFIER_FIELDS,
  PERSON_FIELDS,
  PERSON_KINDS,
  WARNING_COLOR,
} from './fields';
import { useNomenclature, useTerritories } from './reference';
import { SaveOutcome, type SaveOutcomeData } from './SaveOutcome';
import { displayValue, type ValueContext } from './values';

/** What the form passes on after a save, shown once on the record it saved. */
export interface SavedState {
  saved?: SaveOutcomeData;
}

export default function ActorDetail() {
  const { id = '' } = useParams();
  const actor = useQuery({ queryKey: ['actors', 'one', id], queryFn: () => getActor(id) });
  // The page title is the record's name, set by the view once it is known.
  return <QueryState query={actor}>{(data) => <ActorView actor={data} />}</QueryState>;
}

function ActorView({ actor }: { actor: Actor }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const territories = useTerritories();
  const branches = useNomenclature();
  const ctx: ValueContext = { t, lang, territories: territories.data, branches: branches.data };
  const show = (field: string, value: unknown) => displayValue(field, value, ctx);
  const state = (location.state ?? {}) as SavedState;
  const canEdit = user !== null && user.role !== 'partner' && actor.mergedInto === null;
  const name = localName(actor, lang);
  const tab = params.get('tab') === 'history' ? 'history' : 'record';

  const item = (field: string, value: ReactNode = show(field, (actor as Record<string, unknown>)[field])) => (
    <div className="field-item" key={field}>
      <dt>{t(`actorField.${field}`)}</dt>
      <dd>{value}</dd>
    </div>
  );

  return (
    <>
      <PageHeader
        title={name}
        actions={
          canEdit && (
            <Button component={Link} to={`/actors/${actor.id}/edit`}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        {state.saved && <SaveOutcome saved={state.saved} />}
        {actor.mergedInto && (
          <Alert color="gray" variant="outline" title={t('actorDetail.mergedTitle')}>
            <Anchor component={Link} to={`/actors/${actor.mergedInto}`}>
              {t('actorDetail.mergedLink')}
            </Anchor>
          </Alert>
        )}
        {actor.reviewFlags.length > 0 && (
          <Alert
            color={WARNING_COLOR}
            variant="outline"
            title={t('actorDetail.reviewTitle')}
            data-testid="review-flags"
          >
            <List size="sm">
              {actor.reviewFlags.map((flag) => (
                <List.Item key={flag}>{t(`reviewFlag.${flag}`, { defaultValue: flag })}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Tabs
          value={tab}
          onChange={(value) => setParams(value === 'history' ? { tab: 'history' } : {}, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="record">{t('actorDetail.recordTab')}</Tabs.Tab>
            <Tabs.Tab value="history">{t('actorDetail.historyTab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="record" pt="md">
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Section title={t('actorDetail.identity')}>
                {item('kind')}
                {item('nameFr', actor.nameFr ? <span lang="fr">{actor.nameFr}</span> : show('nameFr', null))}
                {item('nameAr', actor.nameAr ? <span lang="ar">{actor.nameAr}</span> : show('nameAr', null))}
                {IDENTIFIER_FIELDS.map((field) =>
                  item(field, <span dir="ltr">{show(field, actor[field])}</span>),
                )}
                {item('foundedOn')}
                {item('legalStatus')}
                {(PERSON_KINDS.includes(actor.kind) || PERSON_FIELDS.some((f) => actor[f] !== null)) &&
                  PERSON_FIELDS.map((field) => item(field))}
              </Section>
              <Section title={t('actorDetail.territory')}>
                {item('regionCode')}
                {item('provinceCode')}
                {item('commune')}
                {item('address')}
                {item('latitude')}
                {item('longitude')}
                {item('coastal')}
              </Section>
              <Section title={t('actorDetail.activity')}>
                {item('branchCode')}
                {item('activityCode')}
                {item('womenLed')}
              </Section>
              <Section title={t('actorDetail.contacts')}>
                {item('phone', <span dir="ltr">{show('phone', actor.phone)}</span>)}
                {item('email', <span dir="ltr">{show('email', actor.email)}</span>)}
              </Section>
              <Paper withBorder p="md" radius="md" component="section" aria-labelledby="people-title">
                <Title order={2} size="h4" id="people-title" mb="sm">
                  {t('actorDetail.people')}
                </Title>
                <table className="people-table">
                  <caption className="visually-hidden">{t('actorDetail.people')}</caption>
                  <thead>
                    <tr>
                      <td />
                      {COUNT_PARTS.map((part) => (
                        <th scope="col" key={part}>
                          {t(`actorCount.${part}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {COUNT_GROUPS.map((group) => (
                      <tr key={group}>
                        <th scope="row">{t(`actorCount.${group}`)}</th>
                        {COUNT_PARTS.map((part) => (
                          <td key={part}>{show('count', actor[`${group}${part}`])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Paper>
              <Section title={t('actorDetail.statusSection')}>
                {item('status', <ActorStatusBadge status={actor.status} />)}
                {item('statusReason')}
                {item('statusChangedOn')}
                {item('createdAt', formatDateTime(actor.createdAt, lang))}
                {item('updatedAt', formatDateTime(actor.updatedAt, lang))}
              </Section>
            </SimpleGrid>
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <ActorHistory actorId={actor.id} ctx={ctx} />
          </Tabs.Panel>
        </Tabs>
        <TerritorySource />
      </Stack>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <dl className="field-list">{children}</dl>
    </Paper>
  );
}
