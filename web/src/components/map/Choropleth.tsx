import './map.css';
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type MouseEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorNotice } from '../ErrorNotice';
import { PageLoader } from '../PageLoader';
import { type AreaFeature, areasOf, fetchTopology, type MapLevel, project } from './geometry';
import { colourClasses, colourOf, NO_DATA_COLOUR } from './scale';

export interface ChoroplethArea {
  /** HCP territory code ('01', '01.511'): the link target and the key. */
  code: string;
  /** ISO 3166-2 code, the key of the area in the TopoJSON ('MA-01', 'MA-TNG'). */
  isoCode: string | null;
  /** Name in the UI language. */
  name: string;
  value: number | null;
}

export interface ChoroplethProps {
  level: MapLevel;
  /** The areas to draw (the map fits to them), with their values; areas without geometry are skipped. */
  areas: readonly ChoroplethArea[];
  /** Names the map for assistive technology (e.g. "Women members by region, 2025"). */
  label: string;
  /** Title of the legend (the indicator and its unit). */
  legendTitle: string;
  format: (value: number) => string;
  /** Short form for the legend's class bounds (defaults to `format`). */
  formatLegend?: (value: number) => string;
  /** Code of an area to outline (the territory of the page). */
  highlight?: string | null;
  /** Where a click or Enter on an area goes; defaults to the territory's convergence page. */
  hrefFor?: (code: string) => string;
  /** Areas drawn in grey around the coloured ones for context, not focusable (e.g. the other regions). */
  context?: readonly ChoroplethArea[];
}

const WIDTH = 600;

const NO_CONTEXT: readonly ChoroplethArea[] = [];

export const territoryHref = (code: string) => `/territories/${code}`;

/**
 * A choropleth of regions or provinces drawn from the served TopoJSON with d3-geo (no tiles, nothing
 * fetched from elsewhere). Each area is a link reachable with the keyboard, named "territory: value",
 * with a tooltip on hover and focus; the legend lists the colour classes; the attribution stays
 * under the map. The geography is never mirrored; the legend and text follow the reading direction.
 */
export function Choropleth({
  level,
  areas,
  label,
  legendTitle,
  format,
  formatLegend = format,
  highlight = null,
  hrefFor = territoryHref,
  context = NO_CONTEXT,
}: ChoroplethProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const map = useQuery({
    queryKey: ['map', level],
    queryFn: async () => areasOf(await fetchTopology(level), level),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  const [active, setActive] = useState<string | null>(null);
  const labelId = useId();

  const drawn = useMemo(() => {
    const features = map.data;
    if (!features) return null;
    const withShape = (list: readonly ChoroplethArea[]) =>
      list.flatMap((area) => {
        const f = area.isoCode ? features.get(area.isoCode) : undefined;
        return f ? [{ area, feature: f }] : [];
      });
    const main = withShape(areas);
    const around = withShape(context);
    const fitted = project(
      [...main, ...around].map((x) => x.feature),
      WIDTH,
    );
    const paths = new Map(fitted.areas.map((p) => [p.id, p]));
    const shape = (f: AreaFeature) =>
      paths.get(f.id) ?? { id: f.id, d: '', centroid: [0, 0] as [number, number] };
    return {
      height: fitted.height,
      main: main.map(({ area, feature }) => ({ area, ...shape(feature) })),
      around: around.map(({ area, feature }) => ({ area, ...shape(feature) })),
    };
  }, [map.data, areas, context]);

  const classes = useMemo(() => colourClasses(areas.map((a) => a.value)), [areas]);
  const hasMissing = areas.some((a) => a.value === null);

  if (map.isPending) return <PageLoader />;
  if (map.isError || !drawn) return <ErrorNotice error={map.error} onRetry={() => void map.refetch()} />;

  const nameOf = (area: ChoroplethArea) =>
    t('map.areaLabel', {
      name: area.name,
      value: area.value === null ? t('charts.notAvailable') : format(area.value),
    });
  const activeArea = drawn.main.find((x) => x.area.code === active) ?? null;
  const follow = (code: string) => (event: MouseEvent) => {
    // A click with a modifier (new tab, new window) is the browser's to handle.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void navigate(hrefFor(code));
  };
  // Highlighted area drawn last so its outline is not hidden under its neighbours.
  const ordered = [...drawn.main].sort(
    (a, b) => Number(a.area.code === highlight) - Number(b.area.code === highlight),
  );

  return (
    <figure className="choropleth" data-level={level} data-testid="choropleth">
      <span id={labelId} className="visually-hidden">
        {label}
      </span>
      {/* The geography keeps its orientation in Arabic: the canvas is laid out left to right. */}
      <div className="choropleth-canvas" dir="ltr">
        {/* biome-ignore lint/a11y/noSvgWithoutTitle: named by aria-labelledby; a <title> would add the browser's tooltip over the map's own */}
        <svg
          viewBox={`0 0 ${WIDTH} ${drawn.height}`}
          className="choropleth-svg"
          aria-labelledby={labelId}
          onMouseLeave={() => setActive(null)}
        >
          <g>
            {drawn.around.map(({ area, d }) => (
              <path key={area.code} d={d} className="choropleth-context" />
            ))}
          </g>
          {ordered.map(({ area, d }) => (
            <a
              key={area.code}
              href={hrefFor(area.code)}
              className="choropleth-area"
              aria-label={nameOf(area)}
              data-code={area.code}
              data-value={area.value ?? ''}
              aria-current={area.code === highlight ? 'page' : undefined}
              onClick={follow(area.code)}
              onMouseEnter={() => setActive(area.code)}
              onFocus={() => setActive(area.code)}
              onBlur={() => setActive((current) => (current === area.code ? null : current))}
            >
              <path
                d={d}
                fill={colourOf(area.value, classes)}
                className={area.code === highlight ? 'choropleth-highlight' : undefined}
              />
            </a>
          ))}
        </svg>
        {activeArea && (
          <div
            className="choropleth-tooltip"
            aria-hidden="true"
            style={{
              insetInlineStart: `${(activeArea.centroid[0] / WIDTH) * 100}%`,
              insetBlockStart: `${(activeArea.centroid[1] / drawn.height) * 100}%`,
            }}
          >
            <strong>{activeArea.area.name}</strong>
            <span>
              {activeArea.area.value === null ? t('charts.notAvailable') : format(activeArea.area.value)}
            </span>
          </div>
        )}
      </div>
      <figcaption className="choropleth-caption">
        <Text size="sm" fw={700} component="span" className="choropleth-legend-title">
          {legendTitle}
        </Text>
        <ul className="choropleth-legend" aria-label={t('map.legend')}>
          {classes.map((c) => (
            <li key={c.colour}>
              <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
              {c.from === c.to
                ? formatLegend(c.from)
                : t('map.range', { from: formatLegend(c.from), to: formatLegend(c.to) })}
            </li>
          ))}
          {(hasMissing || classes.length === 0) && (
            <li>
              <span className="swatch" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" />
              {t('map.noData')}
            </li>
          )}
        </ul>
        <Text size="xs" className="choropleth-attribution" data-testid="map-attribution">
          {t('map.attribution')} · <span lang="fr">© OpenStreetMap contributors (ODbL)</span>
        </Text>
      </figcaption>
    </figure>
  );
}
