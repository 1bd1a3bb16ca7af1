/** Territories and indicators the dashboards share: fetched once, with names in the UI language. */
import { useQuery } from '@tanstack/react-query';
import type { Language } from '../../i18n';
import { localName } from '../../i18n/localName';
import { type Indicator, listIndicators, listTerritories, type Territory } from './dashboards.api';

const FOREVER = Number.POSITIVE_INFINITY;

export interface Territories {
  regions: Territory[];
  provinces: Territory[];
  byCode: Map<string, Territory>;
}

export function useTerritories() {
  return useQuery({
    queryKey: ['territories', 'dashboards'],
    queryFn: async (): Promise<Territories> => {
      const [regions, provinces] = await Promise.all([
        listTerritories('region'),
        listTerritories('province'),
      ]);
      const byCode = new Map([...regions.items, ...provinces.items].map((t) => [t.code, t]));
      return { regions: regions.items, provinces: provinces.items, byCode };
    },
    staleTime: FOREVER,
  });
}

export function useIndicators() {
  return useQuery({
    queryKey: ['indicators', 'dashboards'],
    queryFn: async () => (await listIndicators()).items,
  });
}

export function territoryName(territories: Territories | undefined, code: string, lang: Language): string {
  const territory = territories?.byCode.get(code);
  return territory ? localName(territory, lang) : code;
}

export function indicatorName(
  indicator: Pick<Indicator, 'nameFr' | 'nameAr' | 'nameEn'>,
  lang: Language,
): string {
  if (lang === 'en') return indicator.nameEn || indicator.nameFr;
  if (lang === 'ar') return indicator.nameAr || indicator.nameFr;
  return indicator.nameFr;
}

/** A title in the UI language from a French title and an optional Arabic one. */
export function localTitle(record: { titleFr: string; titleAr: string | null }, lang: Language): string {
  return lang === 'ar' && record.titleAr ? record.titleAr : record.titleFr;
}

/**
 * The indicator asked for in the URL, else the first computed one (the platform's own data, which
 * covers every region from the first start), else the first.
 */
export function chosenIndicator(items: readonly Indicator[], code: string | null): Indicator | undefined {
  return items.find((i) => i.code === code) ?? items.find((i) => i.source === 'computed') ?? items[0];
}
