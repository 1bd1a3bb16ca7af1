import type { DatabaseHandle } from '../../db/engine.js';
import { generateIndicatorFacts } from './generate.facts.js';
import { deleteGeneratedProgrammes, generateProgrammes } from './generate.programmes.js';
import { generateRegistry } from './generate.service.js';

export interface GenerateCommandOptions {
  actors: number;
  seed: number;
  duplicatesShare: number;
  facts: number;
  /** Applications to the synthetic programmes (0: none). */
  programmes?: number;
  replace?: boolean;
}

/** `nasij generate`: progress on stderr, a one-line summary on stdout. */
export async function runGenerateCommand(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: GenerateCommandOptions,
  io: { say: (line: string) => void; note: (line: string) => void },
): Promise<void> {
  // Replaced actors take the applications of this seed's programmes with them (they point at them).
  if (options.replace && options.actors > 0) await deleteGeneratedProgrammes(handle, options.seed);
  if (options.actors > 0) await generateActorsStep(handle, databaseUrl, options, io);
  if (options.facts > 0) await generateFactsStep(handle, databaseUrl, options, io);
  if ((options.programmes ?? 0) > 0) await generateProgrammesStep(handle, databaseUrl, options, io);
}

async function generateProgrammesStep(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: GenerateCommandOptions,
  io: { say: (line: string) => void; note: (line: string) => void },
): Promise<void> {
  const total = options.programmes ?? 0;
  io.note(
    `generating six programmes and ${total.toLocaleString('en')} applications from the generated actors (seed ${options.seed}) into ${handle.engine}; synthetic bulk data: no audit trail entries`,
  );
  const summary = await generateProgrammes(handle, databaseUrl, {
    applications: total,
    seed: options.seed,
    replace: options.replace ?? false,
    onProgress: (done) =>
      io.note(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} applications`),
  });
  const statuses = Object.entries(summary.statuses)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  io.say(
    `generated ${summary.programmes} programmes, ${summary.calls} calls, ${summary.applications} applications (${statuses}) and ${summary.benefits} benefits in ${summary.seconds.toFixed(1)} s; call ${summary.benchmarkCall.reference} (${summary.benchmarkCall.id}) has ${summary.benchmarkCall.scored} scored applications awaiting selection`,
  );
}

async function generateFactsStep(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: GenerateCommandOptions,
  io: { say: (line: string) => void; note: (line: string) => void },
): Promise<void> {
  io.note(
    `generating ${options.facts.toLocaleString('en')} indicator facts (seed ${options.seed}) into ${handle.engine}; synthetic bulk data: marked is_demo, no audit trail entries`,
  );
  const started = Date.now();
  let lastNote = 0;
  const summary = await generateIndicatorFacts(handle, databaseUrl, {
    facts: options.facts,
    seed: options.seed,
    replace: options.replace ?? false,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - lastNote < 1000 && done < total) return;
      lastNote = now;
      const rate = Math.round(done / ((now - started) / 1000));
      io.note(
        `  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} facts (${rate.toLocaleString('en')} rows/s)`,
      );
    },
  });
  io.say(
    `generated ${summary.facts} indicator facts in ${summary.seconds.toFixed(1)} s, ${Math.round(summary.rowsPerSecond)} rows/s; analytics rebuilt in ${summary.rebuildSeconds.toFixed(1)} s (${summary.aggregateRows} aggregate rows)`,
  );
}

async function generateActorsStep(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: GenerateCommandOptions,
  io: { say: (line: string) => void; note: (line: string) => void },
): Promise<void> {
  io.note(
    `generating ${options.actors.toLocaleString('en')} actors (seed ${options.seed}, duplicates ${options.duplicatesShare}) into ${handle.engine}; synthetic bulk data: marked is_demo, no audit trail entries`,
  );
  const started = Date.now();
  let lastNote = 0;
  const summary = await generateRegistry(handle, databaseUrl, {
    actors: options.actors,
    seed: options.seed,
    duplicatesShare: options.duplicatesShare,
    replace: options.replace ?? false,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - lastNote < 1000 && done < total) return;
      lastNote = now;
      const rate = Math.round(done / ((now - started) / 1000));
      io.note(
        `  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} actors (${rate.toLocaleString('en')} rows/s)`,
      );
    },
  });
  io.say(
    `generated ${summary.actors} actors (${summary.duplicates} labelled duplicates in bench_duplicate_labels) in ${summary.seconds.toFixed(1)} s, ${Math.round(summary.rowsPerSecond)} rows/s, then ANALYZE`,
  );
}
