import { Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import type { Indicator } from './dashboards.api';
import { GRAINS } from './periods';
import { indicatorName } from './reference';
import { BREAKDOWN_VALUES, type Breakdown, type Selection, YEARS } from './selection';

interface SelectionBarProps {
  value: Selection;
  indicators: readonly Indicator[];
  onChange: (next: Selection) => void;
  /** Offers the region/province choice (the national overview's map). */
  withLevel?: boolean;
}

/** Indicator, map level, grain and span of years: native selects, so they work with any assistive technology. */
export function SelectionBar({ value, indicators, onChange, withLevel = false }: SelectionBarProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const years = YEARS.map((y) => ({ value: String(y), label: String(y) }));
  const chosen = indicators.find((i) => i.code === value.indicator);
  const dimensions = (chosen?.disaggregations ?? []).filter((d): d is Breakdown => d in BREAKDOWN_VALUES);
  const only = [
    { value: '', label: t('dash.onlyAll') },
    ...dimensions.flatMap((d) =>
      BREAKDOWN_VALUES[d].map((v) => ({ value: `${d}:${v}`, label: t(`dash.onlyValues.${d}.${v}`) })),
    ),
  ];
  return (
    <Group
      align="flex-end"
      gap="sm"
      mb="md"
      wrap="wrap"
      component="form"
      role="search"
      aria-label={t('dash.selection')}
    >
      <NativeSelect
        name="indicator"
        label={t('dash.indicator')}
        value={value.indicator ?? ''}
        onChange={(e) => onChange({ ...value, indicator: e.currentTarget.value, only: null })}
        data={indicators.map((i) => ({ value: i.code, label: indicatorName(i, lang) }))}
        style={{ flex: '1 1 18rem' }}
      />
      {dimensions.length > 0 && (
        <NativeSelect
          name="only"
          label={t('dash.only')}
          value={only.some((o) => o.value === value.only) ? (value.only ?? '') : ''}
          onChange={(e) => onChange({ ...value, only: e.currentTarget.value || null })}
          data={only}
        />
      )}
      {withLevel && (
        <NativeSelect
          name="level"
          label={t('dash.level')}
          value={value.level}
          onChange={(e) =>
            onChange({ ...value, level: e.currentTarget.value === 'province' ? 'province' : 'region' })
          }
          data={[
            { value: 'region', label: t('dash.byRegion') },
            { value: 'province', label: t('dash.byProvince') },
          ]}
        />
      )}
      <NativeSelect
        name="grain"
        label={t('dash.grain')}
        value={value.grain}
        onChange={(e) => {
          const grain = GRAINS.find((g) => g === e.currentTarget.value) ?? 'year';
          onChange({ ...value, grain });
        }}
        data={GRAINS.map((g) => ({ value: g, label: t(`dash.grains.${g}`) }))}
      />
      <NativeSelect
        name="from"
        label={t('dash.from')}
        value={String(value.fromYear)}
        onChange={(e) => {
          const fromYear = Number(e.currentTarget.value);
          onChange({ ...value, fromYear, toYear: Math.max(fromYear, value.toYear) });
        }}
        data={years}
      />
      <NativeSelect
        name="to"
        label={t('dash.to')}
        value={String(value.toYear)}
        onChange={(e) => {
          const toYear = Number(e.currentTarget.value);
          onChange({ ...value, toYear, fromYear: Math.min(toYear, value.fromYear) });
        }}
        data={years}
      />
    </Group>
  );
}
