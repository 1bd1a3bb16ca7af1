/** How a stored value of an actor's field reads in the UI language (detail page, history, diffs). */
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n';
import { formatDate, formatNumber } from '../../i18n/format';
import type { Branch } from './actors.api';
import { activityName, branchName, type Territories, territoryName } from './reference';

export interface ValueContext {
  t: TFunction;
  lang: Language;
  territories: Territories | undefined;
  branches: Branch[] | undefined;
}

export function displayValue(field: string, value: unknown, ctx: ValueContext): string {
  const { t, lang } = ctx;
  if (value === null || value === undefined || value === '') return t('actorDetail.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return formatNumber(value, lang);
  if (Array.isArray(value)) return value.map((v) => displayValue(field, v, ctx)).join(', ');
  if (typeof value !== 'string') return JSON.stringify(value);
  switch (field) {
    case 'kind':
      return t(`actorKind.${value}`, { defaultValue: value });
    case 'status':
      return t(`actorStatus.${value}`, { defaultValue: value });
    case 'provinceCode':
    case 'regionCode':
      return territoryName(ctx.territories, value, lang);
    case 'branchCode':
      return branchName(ctx.branches, value, lang);
    case 'activityCode':
      return activityName(ctx.branches, value, lang);
    case 'sex':
      return t(`actorSex.${value}`, { defaultValue: value });
    case 'reviewFlags':
      return t(`reviewFlag.${value}`, { defaultValue: value });
    case 'foundedOn':
    case 'birthDate':
    case 'statusChangedOn':
      return formatDate(value, lang);
    default:
      return value;
  }
}
