import type { ExpressionBuilder } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';

/**
 * Which actors a caller may see, as SQL, so lists, counts and exports are filtered in the database:
 * administrators and partners see the whole registry; territorial users their region or province and
 * everything below it; an actor only its own record.
 */
export function visibleActors(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'actors'>) => {
    switch (principal.role) {
      case 'admin':
      case 'partner':
        return eb.lit(true);
      case 'territorial': {
        const scope = principal.territoryCode ?? '-';
        return eb.or([
          eb('actors.region_code', '=', scope),
          eb('actors.province_code', '=', scope),
          eb('actors.province_code', 'like', `${scope}.%`),
        ]);
      }
      case 'actor':
        return eb(
          'actors.organisation_id',
          '=',
          principal.organisationId ?? '00000000-0000-0000-0000-000000000000',
        );
      default:
        return eb.lit(false);
    }
  };
}

/** The same rule for one record already loaded. */
export function canSeeActor(
  principal: Principal,
  actor: Pick<ActorRow, 'region_code' | 'province_code' | 'organisation_id'>,
): boolean {
  switch (principal.role) {
    case 'admin':
    case 'partner':
      return true;
    case 'territorial':
      return isWithin(actor.province_code, actor.region_code, principal.territoryCode);
    case 'actor':
      return principal.organisationId !== null && actor.organisation_id === principal.organisationId;
    default:
      return false;
  }
}

export function isWithin(provinceCode: string, regionCode: string, scope: string | null): boolean {
  if (!scope) return false;
  return regionCode === scope || provinceCode === scope || provinceCode.startsWith(`${scope}.`);
}

/** Writing needs more than seeing: partners read the registry but do not edit it. */
export function assertCanWrite(
  principal: Principal,
  actor: Pick<ActorRow, 'region_code' | 'province_code' | 'organisation_id'>,
): void {
  if (principal.role === 'partner' || !canSeeActor(principal, actor)) {
    throw new AppError('FORBIDDEN', 'You may not change this record');
  }
}
