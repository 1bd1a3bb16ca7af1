// Child processes and load generation shared by the benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';

/** Starts `node <command>` and resolves with the port printed in the line matching `readyLine`. */
export function startProcess(
  command: string[],
  env: Record<string, string | undefined>,
  readyLine: RegExp,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyLine.exec(output);
      if (match?.[1]) resolve({ child, port: Number(match[1]) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited ${code}:\n${output}`)));
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export interface Load {
  rps: number;
  /** autocannon reports p97.5 and p99, not p95: p97.5 errs on the safe side. */
  p97_5: number;
  non2xx: number;
  errors: number;
}

export async function load(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
  });
  return {
    rps: result.requests.average,
    p97_5: result.latency.p97_5,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
