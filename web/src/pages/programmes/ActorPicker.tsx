import { NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { type ActorMatch, searchActors } from './programmes.api';

/** "Coopérative Tifaouine (09.273)": the name in the UI's script where the registry holds it. */
function actorLabel(actor: ActorMatch, lang: string): string {
  const name = (lang === 'ar' ? (actor.nameAr ?? actor.nameFr) : (actor.nameFr ?? actor.nameAr)) ?? actor.id;
  return `${name} (${actor.provinceCode})`;
}

/**
 * A territorial agent (or an administrator) chooses the actor it applies for: a search over the
 * actors it may see (GET /api/actors?q=, filtered to its territory by the server), then a choice
 * among the matches. The count of matches is announced politely.
 */
export function ActorPicker({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (actorId: string) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [q, setQ] = useState('');
  const [term] = useDebouncedValue(q.trim(), 300);
  const matches = useQuery({
    queryKey: ['actors', 'search', term],
    queryFn: () => searchActors(term),
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
  });
  const items = term.length >= 2 ? (matches.data?.items ?? []) : [];
  // The chosen actor stays an option when a new search no longer lists it.
  const [picked, setPicked] = useState<ActorMatch | null>(null);
  const options = picked && !items.some((a) => a.id === picked.id) ? [picked, ...items] : items;
  return (
    <Stack gap="xs" data-testid="actor-picker">
      <TextInput
        type="search"
        name="actorSearch"
        label={t('applicant.actorSearch')}
        description={t('applicant.actorSearchHint')}
        value={q}
        onChange={(event) => setQ(event.currentTarget.value)}
      />
      <Text size="sm" aria-live="polite" data-testid="actor-count">
        {term.length >= 2 && matches.isSuccess
          ? items.length === 0
            ? t('applicant.actorNone')
            : t('applicant.actorFound', { formatted: formatNumber(items.length, lang) })
          : ''}
      </Text>
      {matches.isError && <ErrorNotice error={matches.error} />}
      <NativeSelect
        name="actorId"
        label={t('applicant.actorChoice')}
        withAsterisk
        aria-required
        value={value}
        error={error}
        onChange={(event) => {
          const id = event.currentTarget.value;
          setPicked(options.find((a) => a.id === id) ?? null);
          onChange(id);
        }}
        data={[
          { value: '', label: t('applicant.actorPlaceholder') },
          ...options.map((a) => ({ value: a.id, label: actorLabel(a, lang) })),
        ]}
      />
    </Stack>
  );
}
