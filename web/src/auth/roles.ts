import type { Role } from '../api/types';

export const ROLES: readonly Role[] = ['admin', 'partner', 'territorial', 'actor'];

export function hasRole(role: Role | undefined, allowed: readonly Role[]): boolean {
  return role !== undefined && allowed.includes(role);
}
