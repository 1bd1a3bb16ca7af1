import '../conventions/conventions.css';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/errors';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentLanguage } from '../../i18n';
import { pointerMessages } from '../conventions/formErrors';
import { axisLabel, useAxes } from '../conventions/reference';
import {
  AGGREGATIONS,
  type Aggregation,
  createIndicator,
  DISAGGREGATIONS,
  type Disaggregation,
  getIndicator,
  type IndicatorDetail,
  TEMPORALS,
  type Temporal,
  UNITS,
  type Unit,
  updateIndicator,
} from './indicators.api';

const FIELDS = [
  'code',
  'nameFr',
  'nameAr',
  'nameEn',
  'descriptionFr',
  'descriptionAr',
  'descriptionEn',
  'unit',
  'aggregation',
  'temporal',
  'disaggregations',
  'axisCode',
] as const;

/** Define (`/indicators/new`) or change (`/indicators/:id/edit`) a reported indicator. Administrators. */
export default function IndicatorFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: ['indicators', 'one', id, 'edit'],
    queryFn: () => getIndicator(id ?? ''),
    enabled: id !== undefined,
  });
  return (
    <>
      <PageHeader title={id ? t('indicator.editTitle') : t('indicator.createTitle')} />
      {id ? (
        <QueryState query={existing}>{(i) => <IndicatorForm key={i.version} initial={i} />}</QueryState>
      ) : (
        <IndicatorForm initial={null} />
      )}
    </>
  );
}

function IndicatorForm({ initial }: { initial: IndicatorDetail | null }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const axes = useAxes();
  const [text, setText] = useState({
    code: initial?.code ?? '',
    nameFr: initial?.nameFr ?? '',
    nameAr: initial?.nameAr ?? '',
    nameEn: initial?.nameEn ?? '',
    descriptionFr: initial?.descriptionFr ?? '',
    descriptionAr: initial?.descriptionAr ?? '',
    descriptionEn: initial?.descriptionEn ?? '',
    axisCode: initial?.axisCode ?? '',
  });
  const [unit, setUnit] = useState<Unit>(initial?.unit ?? 'persons');
  const [aggregation, setAggregation] = useState<Aggregation>(initial?.aggregation ?? 'sum');
  const [temporal, setTemporal] = useState<Temporal>(initial?.temporal ?? 'flow');
  const [disaggregations, setDisaggregations] = useState<Disaggregation[]>(initial?.disaggregations ?? []);
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

  const save = useMutation({
    mutationFn: () => {
      const body = {
        code: text.code.trim(),
        nameFr: text.nameFr.trim(),
        nameAr: text.nameAr.trim(),
        nameEn: text.nameEn.trim(),
        descriptionFr: orNull(text.descriptionFr),
        descriptionAr: orNull(text.descriptionAr),
        descriptionEn: orNull(text.descriptionEn),
        unit,
        aggregation,
        temporal,
        disaggregations: DISAGGREGATIONS.filter((d) => disaggregations.includes(d)),
        axisCode: orNull(text.axisCode),
      };
      return initial
        ? updateIndicator(initial.id, { ...body, version: initial.version })
        : createIndicator(body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['indicators'] });
      navigate(`/indicators/${saved.id}`);
    },
  });
  const errors = pointerMessages(t, save.error);
  const codeError =
    isApiError(save.error) && save.error.code === 'CODE_TAKEN' ? t('errors.CODE_TAKEN') : errors.code;
  const input = (
    field: keyof typeof text,
    extra: { lang?: string; dir?: 'ltr' | 'rtl'; required?: boolean } = {},
  ) => (
    <TextInput
      name={field}
      label={t(`indicator.${field}`)}
      value={text[field]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setText((x) => ({ ...x, [field]: value }));
      }}
      error={field === 'code' ? codeError : errors[field]}
      {...extra}
    />
  );
  const area = (field: 'descriptionFr' | 'descriptionAr' | 'descriptionEn', l: string) => (
    <Textarea
      name={field}
      label={t(`indicator.${field}`)}
      lang={l}
      dir={l === 'ar' ? 'rtl' : 'ltr'}
      autosize
      minRows={2}
      value={text[field]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setText((x) => ({ ...x, [field]: value }));
      }}
      error={errors[field]}
    />
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Paper withBorder p="lg" radius="md" maw={960}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md">
          {isApiError(save.error) && save.error.code === 'STALE_VERSION' ? (
            <Alert color="red" variant="outline" role="alert" title={t('convention.staleTitle')}>
              {t('convention.staleBody')}
            </Alert>
          ) : (
            <FormErrorSummary error={save.error} fields={FIELDS} formRef={formRef} />
          )}
          {initial && <Text size="sm">{t('indicator.fixedOnceReported')}</Text>}
          <Fieldset legend={t('indicator.definition')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {input('code', { dir: 'ltr', required: true })}
              <NativeSelect
                name="axisCode"
                label={t('indicator.axis')}
                value={text.axisCode}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setText((x) => ({ ...x, axisCode: value }));
                }}
                data={[
                  { value: '', label: t('indicator.noAxis') },
                  ...(axes.data ?? []).map((a) => ({ value: a.code, label: axisLabel(a, lang) })),
                ]}
                error={errors.axisCode}
              />
              {input('nameFr', { lang: 'fr', dir: 'ltr', required: true })}
              {input('nameAr', { lang: 'ar', dir: 'rtl', required: true })}
              {input('nameEn', { lang: 'en', dir: 'ltr', required: true })}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="sm">
              {area('descriptionFr', 'fr')}
              {area('descriptionAr', 'ar')}
              {area('descriptionEn', 'en')}
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('indicator.measure')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <NativeSelect
                name="unit"
                label={t('indicator.unit')}
                value={unit}
                onChange={(event) => {
                  const next = UNITS.find((u) => u === event.currentTarget.value);
                  if (next) setUnit(next);
                }}
                data={UNITS.map((u) => ({ value: u, label: t(`indicatorUnit.${u}`) }))}
                error={errors.unit}
              />
              <NativeSelect
                name="aggregation"
                label={t('indicator.aggregation')}
                value={aggregation}
                onChange={(event) => {
                  const next = AGGREGATIONS.find((a) => a === event.currentTarget.value);
                  if (next) setAggregation(next);
                }}
                data={AGGREGATIONS.map((a) => ({ value: a, label: t(`aggregation.${a}`) }))}
                error={errors.aggregation}
              />
              <NativeSelect
                name="temporal"
                label={t('indicator.temporal')}
                value={temporal}
                onChange={(event) => {
                  const next = TEMPORALS.find((x) => x === event.currentTarget.value);
                  if (next) setTemporal(next);
                }}
                data={TEMPORALS.map((x) => ({ value: x, label: t(`temporal.${x}`) }))}
                error={errors.temporal}
              />
            </SimpleGrid>
            <Checkbox.Group
              label={t('indicator.disaggregations')}
              description={t('indicator.disaggregationsHint')}
              value={disaggregations}
              onChange={(values) => setDisaggregations(DISAGGREGATIONS.filter((d) => values.includes(d)))}
              error={errors.disaggregations}
              mt="sm"
            >
              <Group gap="md" mt="xs">
                {DISAGGREGATIONS.map((d) => (
                  <Checkbox key={d} name="disaggregations" value={d} label={t(`dimension.${d}`)} />
                ))}
              </Group>
            </Checkbox.Group>
          </Fieldset>
          <Group justify="flex-end">
            <Button
              component={Link}
              to={initial ? `/indicators/${initial.id}` : '/indicators'}
              variant="default"
            >
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
