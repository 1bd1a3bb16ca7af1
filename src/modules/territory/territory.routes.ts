import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import type { TerritoryRow } from '../../db/database.js';
import { Nullable, StrictObject, TerritoryCode } from '../../http/schemas.js';
import { notFound } from '../../shared/errors.js';
import * as territoryRepo from './territory.repository.js';

const TAGS = ['territory'];
const Level = Type.Union([Type.Literal('region'), Type.Literal('province'), Type.Literal('arrondissements')]);

const TerritorySchema = Type.Object({
  code: Type.String({ description: 'HCP code' }),
  level: Level,
  type: Type.String(),
  parentCode: Nullable(Type.String()),
  isoCode: Nullable(Type.String({ description: 'ISO 3166-2' })),
  nameFr: Type.String(),
  nameAr: Type.String(),
  population2024: Nullable(Type.Integer()),
});
const TerritoryList = Type.Object({
  items: Type.Array(TerritorySchema),
  attribution: Type.String(),
});

export const TERRITORY_ATTRIBUTION = 'Source : Haut-Commissariat au Plan, RGPH 2024';

function toTerritory(row: TerritoryRow): Static<typeof TerritorySchema> {
  return {
    code: row.code,
    level: row.level,
    type: row.type,
    parentCode: row.parent_code,
    isoCode: row.iso_code,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    population2024: row.population_2024,
  };
}

/** The territorial reference is public data. */
const territoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/territories',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'Regions, provinces and prefectures',
        querystring: StrictObject({ level: Type.Optional(Level), parent: Type.Optional(TerritoryCode) }),
        response: { 200: TerritoryList },
      },
    },
    async (request) => {
      const rows = await territoryRepo.listTerritories(app.db, {
        level: request.query.level ?? null,
        parentCode: request.query.parent ?? null,
        within: null,
      });
      return { items: rows.map(toTerritory), attribution: TERRITORY_ATTRIBUTION };
    },
  );

  app.get(
    '/api/territories/:code',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'One territory and its children',
        params: StrictObject({ code: TerritoryCode }),
        response: {
          200: Type.Object({
            territory: TerritorySchema,
            children: Type.Array(TerritorySchema),
            attribution: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const territory = await territoryRepo.findTerritory(app.db, request.params.code);
      if (!territory) throw notFound('Territory', request.params.code);
      const children = await territoryRepo.listTerritories(app.db, {
        level: null,
        parentCode: territory.code,
        within: null,
      });
      return {
        territory: toTerritory(territory),
        children: children.map(toTerritory),
        attribution: TERRITORY_ATTRIBUTION,
      };
    },
  );
};

export default territoryRoutes;
