/**
 * Reference data the convention and indicator pages share: the thematic axes and the partner
 * organisations, fetched once, with the lookups that turn codes and ids into names.
 */
import { useQuery } from '@tanstack/react-query';
import type { Language } from '../../i18n';
import { intlLocale } from '../../i18n/format';
import { localName } from '../../i18n/localName';
import { type Axis, listAxes, listPartners, type Partner } from './conventions.api';

const FOREVER = Number.POSITIVE_INFINITY;

export function useAxes() {
  return useQuery({ queryKey: ['axes'], queryFn: async () => (await listAxes()).items, staleTime: FOREVER });
}

export function usePartners() {
  return useQuery({ queryKey: ['partners'], queryFn: async () => (await listPartners()).items });
}

/** An axis name in the UI language (English has its own). */
export function axisLabel(axis: Pick<Axis, 'nameFr' | 'nameAr' | 'nameEn'>, lang: Language): string {
  if (lang === 'en') return axis.nameEn;
  return lang === 'ar' ? axis.nameAr : axis.nameFr;
}

export function axisName(axes: readonly Axis[] | undefined, code: string | null, lang: Language): string {
  if (!code) return '';
  const axis = axes?.find((a) => a.code === code);
  return axis ? axisLabel(axis, lang) : code;
}

/** An organisation's name in the UI language's script, with its acronym when it has one. */
export function organisationLabel(
  org: { nameFr: string; nameAr: string | null; acronym: string | null },
  lang: Language,
): string {
  const name = localName(org, lang);
  return org.acronym ? `${name} (${org.acronym})` : name;
}

export function sortedPartners(partners: readonly Partner[] | undefined, lang: Language) {
  return [...(partners ?? [])]
    .map((p) => ({ value: p.id, label: organisationLabel(p, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}

/** A convention or commitment title in the UI language's script. */
export function titleOf(record: { titleFr: string; titleAr: string | null }, lang: Language): string {
  return lang === 'ar' ? record.titleAr?.trim() || record.titleFr : record.titleFr;
}

/** Items joined the way the UI language lists them ("A, B et C", "A، B وC"). */
export function listText(items: readonly string[], lang: Language): string {
  return new Intl.ListFormat(intlLocale(lang), { style: 'long', type: 'conjunction' }).format(items);
}
