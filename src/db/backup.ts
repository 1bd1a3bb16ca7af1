import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.js';
import { AppError } from '../shared/errors.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { openDatabase } from './engine.js';
import { pgliteDir } from './open.js';

/**
 * Backups: on PostgreSQL a plain SQL dump by pg_dump, restored by psql in one transaction; on PGlite
 * an archive of the data directory (tar.gz), restored into a fresh directory after the current one
 * is moved aside. Both need the database to themselves on PGlite: stop the server first.
 */
export async function backup(config: Config, file: string): Promise<{ bytes: number; kind: string }> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (config.databaseUrl) {
    await run('pg_dump', [
      '--no-owner',
      '--no-privileges',
      '--clean',
      '--if-exists',
      '--file',
      target,
      config.databaseUrl,
    ]);
    return { bytes: fs.statSync(target).size, kind: 'sql' };
  }
  const release = acquireDataDirLock(config.dataDir);
  try {
    const handle = await openDatabase({ databaseUrl: null, dataDir: pgliteDir(config.dataDir) });
    try {
      const archive = await pgliteOf(handle).dumpDataDir('gzip');
      fs.writeFileSync(target, Buffer.from(await archive.arrayBuffer()));
    } finally {
      await handle.close();
    }
  } finally {
    release();
  }
  return { bytes: fs.statSync(target).size, kind: 'pglite-datadir' };
}

export async function restore(
  config: Config,
  file: string,
  options: { force: boolean },
): Promise<{ movedAside: string | null }> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `no backup file at ${source}`);
  if (config.databaseUrl) {
    const head = fs.readFileSync(source).subarray(0, 200).toString('utf8');
    if (!head.includes('PostgreSQL database dump')) {
      throw new AppError(
        'BAD_REQUEST',
        `${source} is not a SQL dump made by pg_dump (nasij backup on PostgreSQL)`,
      );
    }
    if (!options.force)
      throw new AppError('CONFLICT', 'restoring replaces the whole database: add --force to confirm');
    await run('psql', [
      '--quiet',
      '--no-psqlrc',
      '-v',
      'ON_ERROR_STOP=1',
      '--single-transaction',
      '--file',
      source,
      config.databaseUrl,
    ]);
    return { movedAside: null };
  }
  const bytes = fs.readFileSync(source);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new AppError(
      'BAD_REQUEST',
      `${source} is not a PGlite backup (a gzip archive made by nasij backup)`,
    );
  }
  const release = acquireDataDirLock(config.dataDir);
  try {
    const current = pgliteDir(config.dataDir);
    const staging = `${current}.restoring`;
    fs.rmSync(staging, { recursive: true, force: true });
    // Load into a new directory first: a bad archive leaves the current database untouched.
    const restored = await PGlite.create(staging, { loadDataDir: new Blob([bytes]) });
    await restored.query('SELECT 1');
    await restored.close();
    let movedAside: string | null = null;
    if (fs.existsSync(current)) {
      if (!options.force) {
        fs.rmSync(staging, { recursive: true, force: true });
        throw new AppError(
          'CONFLICT',
          `a database already exists in ${current}: add --force to replace it (it is kept aside)`,
        );
      }
      movedAside = `${current}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(current, movedAside);
    }
    fs.renameSync(staging, current);
    return { movedAside };
  } finally {
    release();
  }
}

function pgliteOf(handle: Awaited<ReturnType<typeof openDatabase>>): PGlite {
  if (!handle.pglite) throw new Error('not a PGlite database');
  return handle.pglite;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new AppError(
              'NOT_FOUND',
              `${command} was not found: install the PostgreSQL client (Debian: postgresql-client)`,
            )
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new AppError('UNPROCESSABLE', `${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
