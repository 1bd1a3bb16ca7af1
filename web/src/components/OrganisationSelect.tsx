import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../api/types';
import { currentLanguage } from '../i18n';
import { localName } from '../i18n/localName';

interface OrganisationSelectProps {
  organisations: readonly Organisation[];
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
}

/** Picks an organisation by its name in the UI language; the empty choice means "none". */
export function OrganisationSelect({ organisations, value, onChange, error }: OrganisationSelectProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const options = [
    { value: '', label: t('user.noOrganisation') },
    ...organisations
      .map((o) => ({ value: o.id, label: localName(o, lang) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang)),
  ];
  return (
    <NativeSelect
      label={t('user.organisation')}
      name="organisationId"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={options}
      error={error}
    />
  );
}
