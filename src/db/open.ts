import path from 'node:path';
import type { Config } from '../config.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { type DatabaseHandle, openDatabase } from './engine.js';

/** Where PGlite keeps its files inside Nasij's data directory. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** Opens the configured engine; on PGlite, holds the data directory's lock until closed. */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const release = acquireDataDirLock(config.dataDir);
  try {
    const handle = await openDatabase({ databaseUrl: null, dataDir: pgliteDir(config.dataDir) });
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
