import './actors.css';
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/errors';
import { useSession } from '../../auth/session';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import type { SavedState } from './ActorDetail';
import { ActorFormFields } from './ActorFormFields';
import { TerritorySource } from './ActorParts';
import { actorFieldMessages } from './actorErrors';
import {
  type Actor,
  type ActorCreate,
  type ActorSaved,
  checkDuplicates,
  createActor,
  getActor,
  type LikelyDuplicates,
  updateActor,
} from './actors.api';
import { DuplicatePanel } from './DuplicatePanel';
import { createBody, type Draft, draftFromActor, duplicateProbe, emptyDraft, updateBody } from './draft';
import { ALL_FIELDS, PROTECTED_FIELDS } from './fields';
import { useNomenclature, useTerritories } from './reference';
import { displayValue } from './values';

const FIELDS: readonly string[] = ALL_FIELDS;
const NO_DUPLICATES: LikelyDuplicates = { items: [], likelyThreshold: 0.75 };

/** Register (`/actors/new`) or edit (`/actors/:id/edit`) an actor. */
export default function ActorFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: ['actors', 'one', id],
    queryFn: () => getActor(id ?? ''),
    enabled: id !== undefined,
  });
  return (
    <>
      <PageHeader title={id ? t('actorForm.editTitle') : t('actorForm.createTitle')} />
      {id ? (
        <QueryState query={existing}>
          {/* A new version (after "reload") starts a fresh form. */}
          {(actor) => (
            <ActorForm key={actor.version} initial={actor} onReload={() => void existing.refetch()} />
          )}
        </QueryState>
      ) : (
        <ActorForm initial={null} onReload={() => undefined} />
      )}
    </>
  );
}

/** Asks the server which records look like the draft; a draft it refuses simply has none yet. */
async function probeDuplicates(probe: ActorCreate): Promise<LikelyDuplicates> {
  try {
    return await checkDuplicates(probe);
  } catch (error) {
    if (isApiError(error) && error.status === 400) return NO_DUPLICATES;
    throw error;
  }
}

function ActorForm({ initial, onReload }: { initial: Actor | null; onReload: () => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const territories = useTerritories();
  const branches = useNomenclature();
  const [initialDraft] = useState<Draft | null>(() => (initial ? draftFromActor(initial) : null));
  const [draft, setDraft] = useState<Draft>(() => initialDraft ?? emptyDraft());
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  // The draft (as the duplicate check sees it) the user chose to save despite look-alikes.
  const [confirmedProbe, setConfirmedProbe] = useState<string | null>(null);
  const reviewed = user?.role === 'actor';
  const canSetStatus = user?.role === 'admin' || user?.role === 'territorial';

  // The duplicate check runs once a name and a province are given, and again as they change.
  const probe = initial ? null : duplicateProbe(draft);
  const [debouncedProbe] = useDebouncedValue(probe, 500);
  const duplicateKey = (p: ActorCreate | null) => ['actors', 'duplicate-check', p] as const;
  const duplicates = useQuery({
    queryKey: duplicateKey(debouncedProbe),
    queryFn: () => (debouncedProbe ? probeDuplicates(debouncedProbe) : NO_DUPLICATES),
    enabled: debouncedProbe !== null,
    staleTime: 60_000,
  });
  const candidates = probe && duplicates.data ? duplicates.data : NO_DUPLICATES;

  const save = useMutation({
    mutationFn: async (): Promise<{ saved: ActorSaved; requested: string[] }> => {
      if (initial) {
        const { body, changed } = updateBody(draft, initial, canSetStatus);
        const requested = reviewed ? changed.filter((f) => PROTECTED_FIELDS.includes(f)) : [];
        return { saved: await updateActor(initial.id, body), requested };
      }
      return { saved: await createActor(createBody(draft).body), requested: [] };
    },
    onSuccess: async ({ saved, requested }) => {
      await queryClient.invalidateQueries({ queryKey: ['actors'] });
      const ctx = { t, lang, territories: territories.data, branches: branches.data };
      const state: SavedState = {
        saved: {
          warnings: saved.warnings,
          changeRequestId: saved.changeRequestId,
          requested: requested.map((field) => ({
            label: t(`actorField.${field}`),
            value: displayValue(field, field === 'kind' ? draft.kind : draft[field as keyof Draft], ctx),
          })),
        },
      };
      navigate(`/actors/${saved.actor.id}`, { state });
    },
  });
  const stale = isApiError(save.error) && save.error.code === 'STALE_VERSION';
  const errors = { ...actorFieldMessages(t, save.error), ...localErrors };

  function set(patch: Partial<Draft>) {
    setDraft((current) => ({ ...current, ...patch }));
    setConfirming(false);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { invalid } = initial ? updateBody(draft, initial, canSetStatus) : createBody(draft);
    setLocalErrors(Object.fromEntries(invalid.map((f) => [f, t('actorError.number')])));
    if (invalid.length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${invalid[0]}"]`)?.focus();
      return;
    }
    if (!initial && probe && JSON.stringify(probe) !== confirmedProbe) {
      // Likely duplicates are shown, and confirmed, before the record is saved.
      const found = await queryClient
        .fetchQuery({
          queryKey: duplicateKey(probe),
          queryFn: () => probeDuplicates(probe),
          staleTime: 60_000,
        })
        .catch(() => NO_DUPLICATES);
      if (found.items.length > 0) {
        setConfirming(true);
        requestAnimationFrame(() => panelRef.current?.focus());
        return;
      }
    }
    save.mutate();
  }

  return (
    <Paper withBorder p="lg" radius="md" maw={960}>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          {reviewed && (
            <Alert color="indigo" variant="outline" title={t('actorForm.reviewTitle')}>
              <Text size="sm">{t('actorForm.reviewBody')}</Text>
            </Alert>
          )}
          {stale ? (
            <Alert
              color="red"
              variant="outline"
              role="alert"
              title={t('actorForm.staleTitle')}
              data-testid="stale"
            >
              <Text size="sm">{t('actorForm.staleBody')}</Text>
              <Button mt="sm" size="xs" color="red" onClick={onReload}>
                {t('actorForm.reload')}
              </Button>
            </Alert>
          ) : (
            <FormErrorSummary error={save.error} fields={FIELDS} formRef={formRef} />
          )}
          <ActorFormFields
            draft={draft}
            set={set}
            errors={errors}
            territories={territories.data}
            branches={branches.data}
            lang={lang}
            reviewed={reviewed}
            showStatus={initial !== null && canSetStatus}
            initial={initialDraft}
          />
          <TerritorySource />
          <DuplicatePanel
            ref={panelRef}
            items={candidates.items}
            likelyThreshold={candidates.likelyThreshold}
            territories={territories.data}
            lang={lang}
            confirming={confirming}
            saving={save.isPending}
            onConfirm={() => {
              setConfirming(false);
              setConfirmedProbe(JSON.stringify(probe));
              save.mutate();
            }}
            onReview={() => {
              setConfirming(false);
              formRef.current?.querySelector<HTMLElement>('[name="nameFr"]')?.focus();
            }}
          />
          <Group justify="flex-end">
            <Button component={Link} to={initial ? `/actors/${initial.id}` : '/actors'} variant="default">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
