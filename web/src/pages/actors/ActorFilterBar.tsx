import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';
import { localName } from '../../i18n/localName';
import type { ActorFilters, Branch } from './actors.api';
import { ACTOR_KINDS, ACTOR_STATUSES } from './fields';
import { nomenclatureName, type Territories } from './reference';

interface ActorFilterBarProps {
  search: string;
  onSearch: (value: string) => void;
  filters: ActorFilters;
  onChange: (next: ActorFilters) => void;
  territories: Territories | undefined;
  branches: Branch[] | undefined;
  lang: Language;
}

const yesNo = (value: boolean | undefined) => (value === undefined ? '' : String(value));
const toBool = (value: string) => (value === '' ? undefined : value === 'true');

/** The search box and the filters of the registry list; it renders what it is given and fetches nothing. */
export function ActorFilterBar({
  search,
  onSearch,
  filters,
  onChange,
  territories,
  branches,
  lang,
}: ActorFilterBarProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<ActorFilters>) => onChange({ ...filters, ...patch });
  const any = { value: '', label: t('actorList.any') };
  const byName = <T extends { nameFr: string; nameAr: string }>(a: T, b: T) =>
    localName(a, lang).localeCompare(localName(b, lang), lang);
  const regions = [...(territories?.regions ?? [])].sort(byName);
  const provinces = (territories?.provinces ?? [])
    .filter((p) => !filters.region || p.parentCode === filters.region)
    .sort(byName);

  return (
    <search aria-label={t('actorList.filtersLabel')}>
      <TextInput
        type="search"
        name="q"
        label={t('actorList.search')}
        description={t('actorList.searchHint')}
        value={search}
        onChange={(event) => onSearch(event.currentTarget.value)}
        mb="sm"
      />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mb="md">
        <NativeSelect
          name="kind"
          label={t('actorField.kind')}
          value={filters.kind ?? ''}
          onChange={(event) => set({ kind: ACTOR_KINDS.find((k) => k === event.currentTarget.value) })}
          data={[any, ...ACTOR_KINDS.map((k) => ({ value: k, label: t(`actorKind.${k}`) }))]}
        />
        <NativeSelect
          name="region"
          label={t('actorField.regionCode')}
          value={filters.region ?? ''}
          onChange={(event) => set({ region: event.currentTarget.value || undefined, province: undefined })}
          data={[any, ...regions.map((r) => ({ value: r.code, label: localName(r, lang) }))]}
        />
        <NativeSelect
          name="province"
          label={t('actorField.provinceCode')}
          value={filters.province ?? ''}
          onChange={(event) => set({ province: event.currentTarget.value || undefined })}
          data={[any, ...provinces.map((p) => ({ value: p.code, label: localName(p, lang) }))]}
        />
        <NativeSelect
          name="branch"
          label={t('actorField.branchCode')}
          value={filters.branch ?? ''}
          onChange={(event) => set({ branch: event.currentTarget.value || undefined })}
          data={[any, ...(branches ?? []).map((b) => ({ value: b.code, label: nomenclatureName(b, lang) }))]}
        />
        <NativeSelect
          name="womenLed"
          label={t('actorField.womenLed')}
          value={yesNo(filters.womenLed)}
          onChange={(event) => set({ womenLed: toBool(event.currentTarget.value) })}
          data={[any, { value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
        />
        <NativeSelect
          name="coastal"
          label={t('actorField.coastal')}
          value={yesNo(filters.coastal)}
          onChange={(event) => set({ coastal: toBool(event.currentTarget.value) })}
          data={[any, { value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
        />
        <NativeSelect
          name="status"
          label={t('actorField.status')}
          value={filters.status ?? ''}
          onChange={(event) => set({ status: ACTOR_STATUSES.find((s) => s === event.currentTarget.value) })}
          data={[any, ...ACTOR_STATUSES.map((s) => ({ value: s, label: t(`actorStatus.${s}`) }))]}
        />
        <NativeSelect
          name="sort"
          label={t('actorList.sort')}
          value={filters.sort ?? 'created'}
          disabled={Boolean(filters.q)}
          description={filters.q ? t('actorList.sortByRelevance') : undefined}
          onChange={(event) => set({ sort: event.currentTarget.value === 'name' ? 'name' : undefined })}
          data={[
            { value: 'created', label: t('actorList.sortCreated') },
            { value: 'name', label: t('actorList.sortName') },
          ]}
        />
      </SimpleGrid>
    </search>
  );
}
