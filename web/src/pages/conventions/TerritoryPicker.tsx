import { Checkbox, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';
import { localName } from '../../i18n/localName';
import type { Territories } from '../actors/reference';

interface TerritoryPickerProps {
  territories: Territories | undefined;
  value: readonly string[];
  onChange: (codes: string[]) => void;
  lang: Language;
  error?: string | undefined;
}

/** Regions, each with its provinces folded under it; any mix of regions and provinces may be chosen. */
export function TerritoryPicker({ territories, value, onChange, lang, error }: TerritoryPickerProps) {
  const { t } = useTranslation();
  const byName = <T extends { nameFr: string; nameAr: string }>(a: T, b: T) =>
    localName(a, lang).localeCompare(localName(b, lang), lang);
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...value.filter((c) => c !== code), code] : value.filter((c) => c !== code));
  return (
    <fieldset className="cv-territories" aria-describedby={error ? 'territory-error' : undefined}>
      <legend>{t('commitment.territories')}</legend>
      {error && (
        <Text id="territory-error" className="cv-file-error" role="alert">
          {error}
        </Text>
      )}
      <Stack gap={4}>
        {[...(territories?.regions ?? [])].sort(byName).map((region) => {
          const provinces = (territories?.provinces ?? [])
            .filter((p) => p.parentCode === region.code)
            .sort(byName);
          const chosenInside = provinces.filter((p) => value.includes(p.code)).length;
          return (
            <details key={region.code} open={chosenInside > 0}>
              <summary>
                {localName(region, lang)}
                {chosenInside > 0 && ` (${chosenInside})`}
              </summary>
              <Stack gap={8} ps="md" py={4}>
                <Checkbox
                  name="territoryCodes"
                  value={region.code}
                  label={t('commitment.wholeRegion', { name: localName(region, lang) })}
                  checked={value.includes(region.code)}
                  onChange={(event) => toggle(region.code, event.currentTarget.checked)}
                />
                {provinces.map((p) => (
                  <Checkbox
                    key={p.code}
                    name="territoryCodes"
                    value={p.code}
                    label={localName(p, lang)}
                    checked={value.includes(p.code)}
                    onChange={(event) => toggle(p.code, event.currentTarget.checked)}
                  />
                ))}
              </Stack>
            </details>
          );
        })}
      </Stack>
    </fieldset>
  );
}
