import type { Role } from '../db/database.js';

/**
 * Who is calling: a signed-in user, an integration's API token, or the anonymous public. Services
 * receive it inside a `Context` and use it both to check permissions and to scope queries.
 */
export interface Principal {
  kind: 'user' | 'token' | 'anonymous';
  userId: string | null;
  tokenId: string | null;
  role: Role | null;
  organisationId: string | null;
  /** Region ('01') or province ('01.511') for territorial users. */
  territoryCode: string | null;
  /** Shown in the audit trail: an email or a token name. */
  label: string;
}

export interface Context {
  principal: Principal;
  requestId: string | null;
}

export const ANONYMOUS: Principal = {
  kind: 'anonymous',
  userId: null,
  tokenId: null,
  role: null,
  organisationId: null,
  territoryCode: null,
  label: 'anonymous',
};

/** The system itself (CLI, first start, demo seed): recorded as such in the audit trail. */
export function systemContext(label = 'system'): Context {
  return {
    principal: { ...ANONYMOUS, kind: 'user', role: 'admin', label },
    requestId: null,
  };
}

/**
 * Every route declares one of these. `public` needs nobody; `authenticated` anybody signed in;
 * the others are granted to roles below. Finer rules (own organisation, own territory) are applied
 * by the services and in SQL.
 */
export const PERMISSIONS = [
  'public',
  'authenticated',
  'organisations:read',
  'organisations:manage',
  'users:manage',
  'tokens:manage',
  'audit:read',
  'actors:read',
  'actors:write',
  'actors:create',
  'actors:review',
  'nomenclature:manage',
  // Conventions, commitments, milestones, documents (admin). Reading is 'public' at the route,
  // scoped in the service: the public sees published conventions only.
  'conventions:manage',
  // A partner edits its own commitments' milestones and progress (scoped in the service).
  'commitments:edit',
  // Indicator definitions, baselines and targets (admin).
  'indicators:manage',
  // Submit values for one's own commitments with evidence (scoped in the service).
  'indicators:report',
  // Validate or return submitted values (admin).
  'indicators:review',
  // Reports in every status (not only validated values), e.g. a partner's own submissions.
  'indicators:read-reports',
  // Support programmes and their calls (admin; a partner its own programmes, scoped in the service).
  'programmes:manage',
  // Apply to a call: an actor for itself, a territorial agent (or admin) on an actor's behalf.
  'applications:submit',
  // Declare conflicts of interest and score the applications one is assigned to.
  'applications:evaluate',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  partner: new Set([
    'public',
    'authenticated',
    'organisations:read',
    'actors:read',
    'commitments:edit',
    'indicators:report',
    'indicators:read-reports',
    'programmes:manage',
    'applications:evaluate',
  ]),
  territorial: new Set([
    'public',
    'authenticated',
    'organisations:read',
    'actors:read',
    'actors:write',
    'actors:create',
    'indicators:read-reports',
    'applications:submit',
  ]),
  actor: new Set([
    'public',
    'authenticated',
    'organisations:read',
    'actors:read',
    'actors:write',
    'applications:submit',
  ]),
};

export function can(principal: Principal, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (!principal.role) return false;
  return ROLE_PERMISSIONS[principal.role].has(permission);
}

export function rolesWith(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) => ROLE_PERMISSIONS[role].has(permission));
}
