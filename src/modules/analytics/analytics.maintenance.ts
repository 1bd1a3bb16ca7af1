import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import {
  type ComputedRefreshResult,
  ensureComputedIndicators,
  refreshComputedFacts,
} from './analytics.computed.js';
import { type RefreshResult, rebuildAnalytics, refreshAnalytics } from './analytics.refresh.js';

export interface MaintenanceResult {
  computed: ComputedRefreshResult;
  aggregates: RefreshResult;
}

/**
 * What the timer and `nasij analytics refresh` run: the computed indicators' facts (when the
 * registry changed or a month began), then the aggregates (incremental, or `full`).
 */
export async function runAnalyticsMaintenance(
  db: Kysely<Database>,
  options: { full?: boolean; forceComputed?: boolean } = {},
): Promise<MaintenanceResult> {
  await ensureComputedIndicators(db);
  const computed = await refreshComputedFacts(db, { force: options.forceComputed ?? false });
  const aggregates = options.full ? await rebuildAnalytics(db) : await refreshAnalytics(db);
  return { computed, aggregates };
}

/** Default period of the server's timer. */
export const ANALYTICS_TIMER_MS = 60_000;

/**
 * Runs the maintenance every `intervalMs` in the server (never two at once; a failure is logged and
 * retried at the next tick). Returns the function that stops it.
 */
export function startAnalyticsTimer(
  db: Kysely<Database>,
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
  intervalMs: number = ANALYTICS_TIMER_MS,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runAnalyticsMaintenance(db)
      .then((result) => {
        if (result.computed.ran || result.aggregates.mode !== 'none')
          log.info(
            {
              computed: result.computed,
              aggregates: { ...result.aggregates, milliseconds: Math.round(result.aggregates.milliseconds) },
            },
            'analytics refreshed',
          );
      })
      .catch((error: unknown) => log.error({ err: error }, 'analytics refresh failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
