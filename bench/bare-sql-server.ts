// Baseline for a database route under load: bare node:http running the exact SQL the route sends
// (recorded from listActors), on a pg pool of the same size as the app's, with no framework, no
// validation, no auth. Statements come from BENCH_SQL (JSON [{sql, parameters}]); DATABASE_URL.
import http from 'node:http';
import pg from 'pg';

interface Statement {
  sql: string;
  parameters: unknown[];
}

const statements = JSON.parse(process.env.BENCH_SQL ?? '[]') as Statement[];
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const server = http.createServer((_request, response) => {
  void (async () => {
    const client = await pool.connect();
    try {
      let rows: unknown[] = [];
      for (const statement of statements)
        rows = (await client.query(statement.sql, statement.parameters)).rows;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: rows }));
    } catch (error) {
      response.writeHead(500);
      response.end(String(error));
    } finally {
      client.release();
    }
  })();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
