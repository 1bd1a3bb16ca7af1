import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { EngineName } from '../db/engine.js';
import type { ErrorCode } from '../shared/errors.js';
import type { Context, Permission, Principal } from '../shared/principal.js';

export interface RouteSummary {
  method: string;
  url: string;
  permission: Permission;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    config: Config;
    engine: EngineName;
    /** Every route registered, with the permission it declares (for tests and docs). */
    routeCatalogue: RouteSummary[];
  }
  interface FastifyRequest {
    principal: Principal;
    /** The CSRF token of the cookie session that authenticated this request, if any. */
    sessionCsrf: string | null;
    /** Why a presented credential was not accepted (an expired session, a revoked token). */
    authProblem: { code: ErrorCode; detail: string } | null;
    ctx: Context;
  }
  interface FastifyContextConfig {
    /** Who may call this route. Every route must declare one; the app refuses to start otherwise. */
    permission?: Permission;
    /** Set false on the one cookie write that has no session yet (login). */
    csrf?: boolean;
  }
}
