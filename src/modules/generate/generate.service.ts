import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../../db/engine.js';
import { loadActorReference } from '../actors/actors.validate.js';
import { type GeneratedActor, type GenerateOptions, generateActors, idRange } from './generate.actors.js';
import {
  actorColumns,
  actorCopyLine,
  COPY_COLUMNS,
  copyLine,
  memoisedSearchKey,
} from './generate.columns.js';

/**
 * Streams generated actors into the database: COPY FROM STDIN on PostgreSQL, COPY FROM '/dev/blob'
 * on PGlite, in chunks of one transaction each. The duplicate labels go to a side table this module
 * creates (`bench_duplicate_labels`, not part of the schema migrations: it exists only where data
 * was generated). Generated rows are synthetic bulk data, not user writes: they are marked
 * `is_demo` and bypass the audit trail on purpose.
 */
export interface GenerateRunOptions extends GenerateOptions {
  /** Rows per COPY / transaction. */
  chunkSize?: number;
  /** Delete the rows a previous run with the same seed wrote, first. */
  replace?: boolean;
  /** Run ANALYZE on the tables at the end (default true). */
  analyze?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
  actors: number;
  duplicates: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Where a COPY goes: the PostgreSQL server (a client of its own) or the PGlite instance. */
interface CopyTarget {
  copy(table: string, columns: readonly string[], text: string): Promise<void>;
  query(statement: string): Promise<void>;
  close(): Promise<void>;
}

export async function openCopyTarget(
  handle: DatabaseHandle,
  databaseUrl: string | null,
): Promise<CopyTarget> {
  if (handle.engine === 'pglite') {
    const pglite = handle.pglite;
    if (!pglite) throw new Error('PGlite handle without its engine');
    // Hold the pool's one connection while writing, so nothing else interleaves with the transaction.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      void handle.db.connection().execute(
        () =>
          new Promise<void>((done) => {
            release = done;
            resolve();
          }),
      );
    });
    await held;
    return {
      copy: async (table, columns, text) => {
        await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
          blob: new Blob([text]),
        });
      },
      query: async (statement) => {
        await pglite.exec(statement);
      },
      close: async () => release(),
    };
  }
  if (!databaseUrl) throw new Error('PostgreSQL needs its URL for COPY');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // Bulk-load settings for this session only: bigger GIN pending lists flushed with more memory.
  await client.query(
    "SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; SET gin_pending_list_limit = '64MB'; SET synchronous_commit = off",
  );
  return {
    copy: async (table, columns, text) => {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from([text]), stream);
    },
    query: async (statement) => {
      await client.query(statement);
    },
    close: () => client.end(),
  };
}

export const LABELS_TABLE = 'bench_duplicate_labels';
export const RUNS_TABLE = 'bench_generated_runs';

export async function ensureGeneratorTables(handle: DatabaseHandle): Promise<void> {
  await handle.execScript(`
    CREATE TABLE IF NOT EXISTS ${LABELS_TABLE} (
      actor_a uuid NOT NULL,
      actor_b uuid NOT NULL,
      variant text NOT NULL,
      PRIMARY KEY (actor_a, actor_b)
    );
    CREATE TABLE IF NOT EXISTS ${RUNS_TABLE} (
      seed bigint PRIMARY KEY,
      actors integer NOT NULL,
      duplicates integer NOT NULL,
      duplicates_share real NOT NULL,
      identifier_base integer NOT NULL DEFAULT 0,
      seconds real NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT now()
    );`);
}

export interface GeneratedRun {
  seed: number;
  actors: number;
  duplicates: number;
  duplicates_share: number;
}

/** The run recorded for `seed`, if that seed was generated into this database. */
export async function findGeneratedRun(handle: DatabaseHandle, seed: number): Promise<GeneratedRun | null> {
  await ensureGeneratorTables(handle);
  const result =
    await sql<GeneratedRun>`SELECT seed, actors, duplicates, duplicates_share FROM bench_generated_runs WHERE seed = ${seed}`.execute(
      handle.db,
    );
  const row = result.rows[0];
  return row ? { ...row, seed: Number(row.seed) } : null;
}

/** Removes what a run with this seed wrote (its rows share an id prefix), and its labels. */
export async function deleteGenerated(handle: DatabaseHandle, seed: number): Promise<number> {
  await ensureGeneratorTables(handle);
  const [low, high] = idRange(seed);
  return handle.db.transaction().execute(async (trx) => {
    const inRange = (column: string) => sql`${sql.ref(column)} BETWEEN ${low}::uuid AND ${high}::uuid`;
    await sql`DELETE FROM actor_duplicate_pairs WHERE ${inRange('actor_a')} OR ${inRange('actor_b')}`.execute(
      trx,
    );
    await sql`DELETE FROM bench_duplicate_labels WHERE ${inRange('actor_a')} OR ${inRange('actor_b')}`.execute(
      trx,
    );
    await sql`DELETE FROM bench_generated_runs WHERE seed = ${seed}`.execute(trx);
    const result = await sql`DELETE FROM actors WHERE ${inRange('id')}`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
}

export async function generateRegistry(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: GenerateRunOptions,
): Promise<GenerateSummary> {
  await ensureGeneratorTables(handle);
  if (options.replace) await deleteGenerated(handle, options.seed);
  else if (await findGeneratedRun(handle, options.seed)) {
    throw new Error(
      `seed ${options.seed} was already generated into this database: use --replace, or another --seed`,
    );
  }
  const reference = await loadActorReference(handle.db);
  const key = memoisedSearchKey();
  const chunkSize = options.chunkSize ?? (handle.engine === 'pglite' ? 10_000 : 50_000);
  const started = performance.now();
  const target = await openCopyTarget(handle, databaseUrl);
  let done = 0;
  let duplicates = 0;
  try {
    let actors: string[] = [];
    let labels: string[] = [];
    const flush = async () => {
      if (actors.length === 0) return;
      await target.query('BEGIN');
      await target.copy('actors', COPY_COLUMNS, actors.join(''));
      if (labels.length > 0)
        await target.copy(LABELS_TABLE, ['actor_a', 'actor_b', 'variant'], labels.join(''));
      await target.query('COMMIT');
      done += actors.length;
      actors = [];
      labels = [];
      options.onProgress?.(done, options.actors);
    };
    for (const actor of generateActors(reference, options)) {
      actors.push(actorCopyLine(actorColumns(actor, reference, key)));
      if (actor.duplicateOf && actor.variant) {
        duplicates += 1;
        labels.push(copyLine([actor.duplicateOf, actor.id, actor.variant]));
      }
      if (actors.length >= chunkSize) await flush();
    }
    await flush();
    const seconds = (performance.now() - started) / 1000;
    await target.query(
      `INSERT INTO ${RUNS_TABLE} (seed, actors, duplicates, duplicates_share, identifier_base, seconds)
       VALUES (${Math.trunc(options.seed)}, ${done}, ${duplicates}, ${Number(options.duplicatesShare)}, ${Math.trunc(options.identifierBase ?? (options.seed % 10) * 10_000_000)}, ${seconds})`,
    );
    if (options.analyze !== false) await target.query(`ANALYZE actors; ANALYZE ${LABELS_TABLE}`);
    return { actors: done, duplicates, seconds, rowsPerSecond: done / seconds };
  } catch (error) {
    await target.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await target.close();
  }
}

/** The rows a run would write, in memory (tests, and the import benchmark's input). */
export function generateInMemory(
  reference: Parameters<typeof generateActors>[0],
  options: GenerateOptions,
): GeneratedActor[] {
  return [...generateActors(reference, options)];
}
