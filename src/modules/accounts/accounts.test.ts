import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

describe('organisations and users', () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
  });
  afterAll(() => t.close());

  it('an admin creates and edits an organisation; each change is in the audit trail', async () => {
    const created = await admin.request('POST', '/api/organisations', {
      kind: 'directorate',
      nameFr: 'Direction régionale Oriental',
      nameAr: 'المديرية الجهوية للشرق',
      territoryCode: '02',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const edited = await admin.request('PATCH', `/api/organisations/${id}`, { acronym: 'DR-OR' });
    expect(edited.json()).toMatchObject({
      acronym: 'DR-OR',
      nameAr: 'المديرية الجهوية للشرق',
      territoryCode: '02',
    });
    const audit = await admin.request('GET', `/api/audit?entityType=organisation&entityId=${id}`);
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual([
      'organisation.updated',
      'organisation.created',
    ]);
    expect(audit.json().items[0].actorLabel).toBe(admin.email);
  });

  it('refuses a duplicate name, an unknown territory and a directorate without territory, at the field', async () => {
    await admin.request('POST', '/api/organisations', { kind: 'partner', nameFr: 'Office national' });
    const duplicate = await admin.request('POST', '/api/organisations', {
      kind: 'partner',
      nameFr: 'OFFICE NATIONAL',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'NAME_TAKEN', errors: [{ pointer: '/body/nameFr' }] });
    const unknown = await admin.request('POST', '/api/organisations', {
      kind: 'chamber',
      nameFr: 'Chambre X',
      territoryCode: '99',
    });
    expect(unknown.json().errors[0].pointer).toBe('/body/territoryCode');
    const noTerritory = await admin.request('POST', '/api/organisations', {
      kind: 'directorate',
      nameFr: 'Direction Y',
    });
    expect(noTerritory.json().errors[0].pointer).toBe('/body/territoryCode');
  });

  it('non-admins see only their own organisation; another one is not found', async () => {
    const partner = await signIn(t, 'partner');
    const other = await signIn(t, 'actor');
    const list = await partner.request('GET', '/api/organisations');
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([partner.organisationId]);
    expect((await partner.request('GET', `/api/organisations/${partner.organisationId}`)).statusCode).toBe(
      200,
    );
    expect((await partner.request('GET', `/api/organisations/${other.organisationId}`)).statusCode).toBe(404);
    const territorial = await signIn(t, 'territorial');
    expect((await territorial.request('GET', '/api/organisations')).json().items).toEqual([]);
  });

  it('creates users with a complete scope; the email is unique whatever its case', async () => {
    const org = (
      await admin.request('POST', '/api/organisations', { kind: 'partner', nameFr: 'Banque partenaire' })
    ).json();
    const user = {
      email: 'Agent@Banque.ma',
      displayName: 'Agent',
      password: 'a long enough password',
      role: 'partner',
      organisationId: org.id,
    };
    const created = await admin.request('POST', '/api/users', user);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'agent@banque.ma', role: 'partner', status: 'active' });
    expect(created.json()).not.toHaveProperty('passwordHash');
    const again = await admin.request('POST', '/api/users', { ...user, email: 'AGENT@banque.ma' });
    expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ pointer: '/body/email' }] });
    const noOrg = await admin.request('POST', '/api/users', {
      ...user,
      email: 'x@banque.ma',
      organisationId: null,
    });
    expect(noOrg.json().errors[0].pointer).toBe('/body/organisationId');
    const noTerritory = await admin.request('POST', '/api/users', {
      ...user,
      email: 'y@banque.ma',
      role: 'territorial',
    });
    expect(noTerritory.json().errors[0].pointer).toBe('/body/territoryCode');
    const weak = await admin.request('POST', '/api/users', {
      ...user,
      email: 'z@banque.ma',
      password: 'short',
    });
    expect(weak.json().errors[0].pointer).toBe('/body/password');
  });

  it('disabling a user signs them out everywhere; an admin cannot disable themselves', async () => {
    const partner = await signIn(t, 'partner');
    expect((await partner.request('GET', '/api/organisations')).statusCode).toBe(200);
    const disabled = await admin.request('PATCH', `/api/users/${partner.userId}`, { status: 'disabled' });
    expect(disabled.json().status).toBe('disabled');
    expect((await partner.request('GET', '/api/organisations')).json().code).toBe('SESSION_EXPIRED');
    const self = await admin.request('PATCH', `/api/users/${admin.userId}`, { status: 'disabled' });
    expect(self.statusCode).toBe(409);
  });

  it('a failed write leaves nothing behind: the record and its audit row commit together or not at all', async () => {
    const db = t.database.handle.db;
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(db)).rows[0]?.n;
    const before = await count();
    await sql`CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()`.execute(
      db,
    );
    try {
      const response = await admin.request('POST', '/api/users', {
        email: 'lost@test.nasij',
        displayName: 'Lost',
        password: 'a long enough password',
        role: 'admin',
      });
      expect(response.statusCode).toBe(500);
      expect(await count()).toBe(before);
    } finally {
      await sql`DROP TRIGGER fail_audit ON audit_log`.execute(db);
      await sql`DROP FUNCTION fail_audit()`.execute(db);
    }
  });
});
