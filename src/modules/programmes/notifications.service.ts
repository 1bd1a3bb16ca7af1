/**
 * In-app notifications: written by the programme services (application eligible or not, evaluator
 * assigned...) to one user or to every user of an organisation (an actor's users); read here.
 * `kind` is a stable key the web translates; `payload` carries what the message names.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context, Principal } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';

function mine(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'notifications'>) =>
    eb.or([
      eb('notifications.user_id', '=', principal.userId ?? NO_ID),
      eb('notifications.organisation_id', '=', principal.organisationId ?? NO_ID),
    ]);
}

export async function listNotifications(
  db: Kysely<Database>,
  ctx: Context,
  options: { unread?: boolean; limit?: number },
) {
  if (!ctx.principal.userId) throw new AppError('AUTH_REQUIRED', 'Sign in to see your notifications');
  let query = db.selectFrom('notifications').selectAll().where(mine(ctx.principal));
  if (options.unread) query = query.where('read_at', 'is', null);
  const [rows, unread] = await Promise.all([
    query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 50)
      .execute(),
    db
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(mine(ctx.principal))
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    unread: Number(unread.n),
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      applicationId: row.application_id,
      payload: (row.payload ?? {}) as Record<string, unknown>,
      readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
    })),
  };
}

/** Marks one of the caller's notifications read (an organisation's: read for all its users). */
export async function markNotificationRead(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  if (!ctx.principal.userId) throw new AppError('AUTH_REQUIRED', 'Sign in to see your notifications');
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .select(['id', 'read_at'])
      .where('id', '=', id)
      .where(mine(ctx.principal))
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Notification', id);
    if (row.read_at) return;
    await trx.updateTable('notifications').set({ read_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, { action: 'notification.read', entityType: 'notification', entityId: id });
  });
}
