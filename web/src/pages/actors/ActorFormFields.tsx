import { Checkbox, Fieldset, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';
import type { Branch } from './actors.api';
import type { Draft, DraftTextKey } from './draft';
import { ACTOR_KINDS, ACTOR_STATUSES, COUNT_GROUPS, COUNT_PARTS, PROTECTED_FIELDS } from './fields';
import { nomenclatureName, provinceGroups, type Territories } from './reference';

interface ActorFormFieldsProps {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errors: Record<string, string>;
  territories: Territories | undefined;
  branches: Branch[] | undefined;
  lang: Language;
  /** An actor editing its own record: names and identifiers go to review. */
  reviewed: boolean;
  /** Status fields are shown when editing, to those who may change them. */
  showStatus: boolean;
  /** Identifiers that only some kinds have stay visible when the record already holds one. */
  initial: Draft | null;
}

const SEXES = ['female', 'male'] as const;
/** The server's bounds on a birth date (src/modules/actors/actors.rules.ts): from 1900, 15 years old today. */
const EARLIEST_BIRTH_DATE = '1900-01-01';
function latestBirthDate(): string {
  const today = new Date().toISOString().slice(0, 10);
  return `${String(Number(today.slice(0, 4)) - 15).padStart(4, '0')}${today.slice(4)}`;
}

/** Every field of an actor record, grouped as on the detail page. Renders; fetches nothing. */
export function ActorFormFields({
  draft,
  set,
  errors,
  territories,
  branches,
  lang,
  reviewed,
  showStatus,
  initial,
}: ActorFormFieldsProps) {
  const { t } = useTranslation();
  const hint = (field: string) =>
    reviewed && PROTECTED_FIELDS.includes(field) ? t('actorForm.reviewedHint') : undefined;
  const text = (
    field: DraftTextKey,
    extra: {
      dir?: 'ltr' | 'rtl';
      lang?: string;
      type?: string;
      required?: boolean;
      min?: string;
      max?: string;
      description?: string;
    } = {},
  ) => (
    <TextInput
      key={field}
      name={field}
      label={t(`actorField.${field}`)}
      description={hint(field) ?? extra.description}
      value={draft[field]}
      onChange={(event) => set({ [field]: event.currentTarget.value })}
      error={errors[field]}
      {...extra}
    />
  );
  const number = (field: DraftTextKey, step = '1') => (
    <TextInput
      key={field}
      name={field}
      type="number"
      inputMode={step === '1' ? 'numeric' : 'decimal'}
      step={step}
      min={step === '1' ? 0 : undefined}
      dir="ltr"
      label={t(`actorField.${field}`)}
      value={draft[field]}
      onChange={(event) => set({ [field]: event.currentTarget.value })}
      error={errors[field]}
    />
  );
  const has = (field: DraftTextKey) => Boolean(initial?.[field]);
  const isPerson = draft.kind === 'artisan' || draft.kind === 'master_artisan';
  const branch = branches?.find((b) => b.code === draft.branchCode);
  const activities = branch ? branch.activities : (branches ?? []).flatMap((b) => b.activities);

  return (
    <Stack gap="md">
      <Fieldset legend={t('actorDetail.identity')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            name="kind"
            label={t('actorField.kind')}
            description={hint('kind')}
            required
            value={draft.kind}
            onChange={(event) => {
              const kind = ACTOR_KINDS.find((k) => k === event.currentTarget.value);
              if (kind) set({ kind });
            }}
            data={ACTOR_KINDS.map((k) => ({ value: k, label: t(`actorKind.${k}`) }))}
            error={errors.kind}
          />
          {text('legalStatus')}
          {text('nameFr', { lang: 'fr', dir: 'ltr' })}
          {text('nameAr', { lang: 'ar', dir: 'rtl' })}
          {text('foundedOn', { type: 'date', dir: 'ltr' })}
        </SimpleGrid>
      </Fieldset>

      {isPerson && (
        <Fieldset legend={t('actorForm.personLegend')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <NativeSelect
              name="sex"
              label={t('actorField.sex')}
              value={draft.sex}
              onChange={(event) => {
                const sex = SEXES.find((s) => s === event.currentTarget.value);
                set({ sex: sex ?? '' });
              }}
              data={[
                { value: '', label: t('actorForm.unknown') },
                ...SEXES.map((s) => ({ value: s, label: t(`actorSex.${s}`) })),
              ]}
              error={errors.sex}
            />
            {text('birthDate', {
              type: 'date',
              dir: 'ltr',
              min: EARLIEST_BIRTH_DATE,
              max: latestBirthDate(),
              description: t('actorForm.personHint'),
            })}
            <NativeSelect
              name="hasDisability"
              label={t('actorField.hasDisability')}
              value={draft.hasDisability}
              onChange={(event) => {
                const value = event.currentTarget.value;
                set({ hasDisability: value === 'yes' || value === 'no' ? value : '' });
              }}
              data={[
                { value: '', label: t('actorForm.unknown') },
                { value: 'yes', label: t('common.yes') },
                { value: 'no', label: t('common.no') },
              ]}
              error={errors.hasDisability}
            />
          </SimpleGrid>
        </Fieldset>
      )}

      <Fieldset legend={t('actorForm.identifiers')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {(isPerson || has('nia')) && text('nia', { dir: 'ltr' })}
          {(isPerson || has('cin')) && text('cin', { dir: 'ltr' })}
          {text('ice', { dir: 'ltr' })}
          {text('ifNumber', { dir: 'ltr' })}
          {text('rcNumber', { dir: 'ltr' })}
          {text('rcCourt')}
          {(draft.kind === 'cooperative' || has('coopRegisterNumber')) &&
            text('coopRegisterNumber', { dir: 'ltr' })}
          {(draft.kind === 'association' || has('associationReceipt')) &&
            text('associationReceipt', { dir: 'ltr' })}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('actorDetail.territory')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            name="provinceCode"
            label={t('actorField.provinceCode')}
            required
            value={draft.provinceCode}
            onChange={(event) => set({ provinceCode: event.currentTarget.value })}
            data={[
              { value: '', label: t('actorForm.choose') },
              ...(territories ? provinceGroups(territories, lang) : []),
            ]}
            error={errors.provinceCode}
          />
          {text('commune')}
          {text('address')}
          <Checkbox
            name="coastal"
            label={t('actorField.coastal')}
            checked={draft.coastal}
            onChange={(event) => set({ coastal: event.currentTarget.checked })}
            error={errors.coastal}
            mt="lg"
          />
          {number('latitude', 'any')}
          {number('longitude', 'any')}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('actorDetail.activity')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            name="branchCode"
            label={t('actorField.branchCode')}
            value={draft.branchCode}
            onChange={(event) => set({ branchCode: event.currentTarget.value, activityCode: '' })}
            data={[
              { value: '', label: t('actorForm.none') },
              ...(branches ?? []).map((b) => ({ value: b.code, label: nomenclatureName(b, lang) })),
            ]}
            error={errors.branchCode}
          />
          <NativeSelect
            name="activityCode"
            label={t('actorField.activityCode')}
            value={draft.activityCode}
            onChange={(event) => set({ activityCode: event.currentTarget.value })}
            data={[
              { value: '', label: t('actorForm.none') },
              ...activities.map((a) => ({ value: a.code, label: nomenclatureName(a, lang) })),
            ]}
            error={errors.activityCode}
          />
          <Checkbox
            name="womenLed"
            label={t('actorField.womenLed')}
            checked={draft.womenLed}
            onChange={(event) => set({ womenLed: event.currentTarget.checked })}
            error={errors.womenLed}
          />
        </SimpleGrid>
      </Fieldset>

      {COUNT_GROUPS.map((group) => (
        <Fieldset key={group} legend={t(`actorForm.${group}Legend`)}>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
            {COUNT_PARTS.map((part) => number(`${group}${part}`))}
          </SimpleGrid>
        </Fieldset>
      ))}

      <Fieldset legend={t('actorDetail.contacts')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('phone', { dir: 'ltr', type: 'tel' })}
          {text('email', { dir: 'ltr', type: 'email' })}
        </SimpleGrid>
      </Fieldset>

      {showStatus && (
        <Fieldset legend={t('actorDetail.statusSection')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <NativeSelect
              name="status"
              label={t('actorField.status')}
              value={draft.status}
              onChange={(event) => {
                const status = ACTOR_STATUSES.find((s) => s === event.currentTarget.value);
                if (status) set({ status });
              }}
              data={ACTOR_STATUSES.map((s) => ({ value: s, label: t(`actorStatus.${s}`) }))}
              error={errors.status}
            />
            {draft.status !== 'active' && text('statusReason', { required: true })}
            {draft.status !== 'active' && text('statusChangedOn', { type: 'date', dir: 'ltr' })}
          </SimpleGrid>
        </Fieldset>
      )}
    </Stack>
  );
}
