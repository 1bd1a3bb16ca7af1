import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults: embedded database in ./data, port 3000, demo on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: null, demo: true, adminPassword: null });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/nasij',
      NASIJ_DATA_DIR: '/srv/nasij',
      NASIJ_DEMO: '0',
      NASIJ_SESSION_IDLE_MINUTES: '30',
      NASIJ_SECURE_COOKIES: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/nasij',
      dataDir: '/srv/nasij',
      demo: false,
      sessionIdleMinutes: 30,
      secureCookies: true,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ NASIJ_DEMO: 'maybe' }, /NASIJ_DEMO must be 1\/0/],
    [{ NASIJ_ADMIN_PASSWORD: 'short' }, /at least 12 characters/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
