/**
 * From the served TopoJSON to SVG paths: areas keyed by ISO 3166-2 code, rings wound the way d3-geo's
 * spherical maths expects, a Mercator projection fitted to the areas drawn.
 */
import { geoArea, geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type MapLevel = 'region' | 'province';
export type AreaFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>> & { id: string };

/** The served files (src/modules/territory/territory.maps.ts). */
export function mapUrl(level: MapLevel): string {
  return `/maps/${level}s.topojson`;
}

export async function fetchTopology(level: MapLevel): Promise<Topology> {
  const response = await fetch(mapUrl(level), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`map ${level}: HTTP ${response.status}`);
  return (await response.json()) as Topology;
}

/** A polygon whose rings run the wrong way covers the whole globe but itself: turn it round. */
function rewound<G extends Polygon | MultiPolygon>(f: Feature<G, Record<string, unknown>>) {
  if (geoArea(f) <= 2 * Math.PI) return f;
  const geometry =
    f.geometry.type === 'Polygon'
      ? { ...f.geometry, coordinates: f.geometry.coordinates.map((ring) => [...ring].reverse()) }
      : {
          ...f.geometry,
          coordinates: f.geometry.coordinates.map((p) => p.map((ring) => [...ring].reverse())),
        };
  return { ...f, geometry } as Feature<G, Record<string, unknown>>;
}

/** The areas of one level, by ISO code. */
export function areasOf(topology: Topology, level: MapLevel): Map<string, AreaFeature> {
  const object = topology.objects[`${level}s`] as GeometryCollection | undefined;
  const areas = new Map<string, AreaFeature>();
  if (!object) return areas;
  const collection = feature(topology, object) as FeatureCollection<Geometry, Record<string, unknown>>;
  for (const f of collection.features) {
    if (typeof f.id !== 'string') continue;
    if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') continue;
    const area = rewound(f as Feature<Polygon | MultiPolygon, Record<string, unknown>>);
    areas.set(f.id, { ...area, id: f.id });
  }
  return areas;
}

export interface ProjectedArea {
  id: string;
  d: string;
  /** Where the tooltip goes when the area has the keyboard focus. */
  centroid: [number, number];
}

export interface Projected {
  areas: ProjectedArea[];
  /** The drawing's height for the given width: the areas' own aspect, within [minHeight, maxHeight]. */
  height: number;
}

const MARGIN = 8;

/** SVG paths of the features, fitted to the width; the height follows the areas' shape. */
export function project(
  features: readonly AreaFeature[],
  width: number,
  { minHeight = 240, maxHeight = 720 } = {},
): Projected {
  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: [...features],
  };
  const inner = width - 2 * MARGIN;
  const projection = geoMercator().fitWidth(inner, collection);
  const [[, y0], [, y1]] = geoPath(projection).bounds(collection);
  const natural = Number.isFinite(y1 - y0) ? y1 - y0 + 2 * MARGIN : maxHeight;
  const height = Math.round(Math.max(minHeight, Math.min(maxHeight, natural)));
  projection.fitExtent(
    [
      [MARGIN, MARGIN],
      [width - MARGIN, height - MARGIN],
    ],
    collection,
  );
  const path = geoPath(projection);
  return {
    height,
    areas: features.map((f) => {
      const [x, y] = path.centroid(f);
      return {
        id: f.id,
        d: path(f) ?? '',
        centroid: [Number.isFinite(x) ? x : 0, Number.isFinite(y) ? y : 0],
      };
    }),
  };
}
