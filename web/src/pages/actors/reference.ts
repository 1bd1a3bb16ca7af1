/**
 * Reference data the registry pages share (territories and the crafts nomenclature): fetched once
 * and kept, with the lookups that turn codes into names in the UI language.
 */
import { useQuery } from '@tanstack/react-query';
import type { Language } from '../../i18n';
import { localName } from '../../i18n/localName';
import { type Branch, getNomenclature, listTerritories, type Territory } from './actors.api';

const FOREVER = Number.POSITIVE_INFINITY;

export interface Territories {
  regions: Territory[];
  provinces: Territory[];
  byCode: Map<string, Territory>;
  attribution: string;
}

async function fetchTerritories(): Promise<Territories> {
  const [regions, provinces] = await Promise.all([listTerritories('region'), listTerritories('province')]);
  const byCode = new Map([...regions.items, ...provinces.items].map((t) => [t.code, t]));
  return { regions: regions.items, provinces: provinces.items, byCode, attribution: regions.attribution };
}

export function useTerritories() {
  return useQuery({ queryKey: ['territories', 'all'], queryFn: fetchTerritories, staleTime: FOREVER });
}

export function useNomenclature() {
  return useQuery({
    queryKey: ['nomenclature'],
    queryFn: async () => (await getNomenclature()).items,
    staleTime: FOREVER,
  });
}

/** The name of a territory code in the UI language, or the code itself while loading. */
export function territoryName(territories: Territories | undefined, code: string, lang: Language): string {
  const territory = territories?.byCode.get(code);
  return territory ? localName(territory, lang) : code;
}

/** Branch and activity names carry a third, English name. */
export function nomenclatureName(
  item: { nameFr: string; nameAr: string; nameEn: string },
  lang: Language,
): string {
  if (lang === 'en') return item.nameEn || item.nameFr;
  return localName(item, lang);
}

export function branchName(branches: Branch[] | undefined, code: string | null, lang: Language): string {
  if (!code) return '';
  const branch = branches?.find((b) => b.code === code);
  return branch ? nomenclatureName(branch, lang) : code;
}

export function activityName(branches: Branch[] | undefined, code: string | null, lang: Language): string {
  if (!code) return '';
  for (const branch of branches ?? []) {
    const activity = branch.activities.find((a) => a.code === code);
    if (activity) return nomenclatureName(activity, lang);
  }
  return code;
}

/** Provinces grouped under their region, both sorted by name in the UI language, for a select. */
export function provinceGroups(territories: Territories, lang: Language) {
  const byName = (a: Territory, b: Territory) => localName(a, lang).localeCompare(localName(b, lang), lang);
  return [...territories.regions].sort(byName).map((region) => ({
    group: localName(region, lang),
    items: territories.provinces
      .filter((p) => p.parentCode === region.code)
      .sort(byName)
      .map((p) => ({ value: p.code, label: localName(p, lang) })),
  }));
}
