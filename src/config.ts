import path from 'node:path';

/** One typed configuration object, read from environment variables and validated at start. */
export interface Config {
  port: number;
  host: string;
  /** When set, Nasij uses this PostgreSQL server; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Load the demo data on first start. */
  demo: boolean;
  /** Password for the first admin; when unset a random one is generated and printed once. */
  adminPassword: string | null;
  demoPassword: string | null;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  bodyLimitBytes: number;
  /** Largest uploaded file (PDF documents, evidence), in bytes. */
  maxUploadBytes: number;
  loginMaxAttempts: number;
  loginLockMinutes: number;
  /** Sign-in attempts allowed per client address and minute, whatever the account. */
  loginRatePerMinute: number;
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies: boolean;
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1/0, true/false, yes/no or on/off (got "${raw}")`);
}

function optional(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw === '' ? null : raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminPassword = optional(env, 'NASIJ_ADMIN_PASSWORD');
  if (adminPassword && adminPassword.length < 12) {
    throw new ConfigError('NASIJ_ADMIN_PASSWORD must be at least 12 characters');
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: optional(env, 'HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(optional(env, 'NASIJ_DATA_DIR') ?? 'data'),
    demo: bool(env, 'NASIJ_DEMO', true),
    adminPassword,
    demoPassword: optional(env, 'NASIJ_DEMO_PASSWORD'),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    sessionIdleMinutes: int(env, 'NASIJ_SESSION_IDLE_MINUTES', 480, 1, 60 * 24 * 30),
    sessionMaxHours: int(env, 'NASIJ_SESSION_MAX_HOURS', 24 * 7, 1, 24 * 365),
    bodyLimitBytes: int(env, 'NASIJ_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxUploadBytes: int(env, 'NASIJ_MAX_UPLOAD_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    loginMaxAttempts: int(env, 'NASIJ_LOGIN_MAX_ATTEMPTS', 5, 1, 100),
    loginLockMinutes: int(env, 'NASIJ_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginRatePerMinute: int(env, 'NASIJ_LOGIN_RATE_PER_MINUTE', 20, 1, 100000),
    secureCookies: bool(env, 'NASIJ_SECURE_COOKIES', false),
    trustProxy: bool(env, 'NASIJ_TRUST_PROXY', false),
  };
}
