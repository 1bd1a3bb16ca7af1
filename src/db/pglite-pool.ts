import type { PGlite } from '@electric-sql/pglite';

/**
 * A pg-Pool look-alike over one PGlite instance, so Kysely's own PostgresDialect drives both engines.
 * PGlite is a single connection: a client is lent to one caller at a time (a transaction holds it
 * from BEGIN to COMMIT), and other callers wait in line.
 */
export class PGlitePool {
  #queue: Array<() => void> = [];
  #busy = false;

  constructor(readonly pglite: PGlite) {}

  async connect(): Promise<PGliteClient> {
    if (this.#busy) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy = true;
    return new PGliteClient(this.pglite, () => this.#release());
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#busy = false;
  }

  async end(): Promise<void> {
    await this.pglite.close();
  }
}

export interface QueryResult {
  command: string;
  rowCount: number;
  rows: unknown[];
}

export class PGliteClient {
  #released = false;

  constructor(
    private readonly pglite: PGlite,
    private readonly onRelease: () => void,
  ) {}

  async query(sql: string, params: unknown[] = []): Promise<QueryResult> {
    const result = await this.pglite.query(sql, params);
    // PGlite does not report the command tag; Kysely needs it for affected-row counts and COMMIT.
    const command = firstKeyword(sql);
    return { command, rowCount: result.affectedRows ?? 0, rows: result.rows };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.onRelease();
  }
}

function firstKeyword(sql: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?([a-z]+)/i.exec(sql);
  return (match?.[1] ?? '').toUpperCase();
}
