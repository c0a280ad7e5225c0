import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { test } from 'node:test';
import { freePort } from '../helpers/postgres';
import { scratchDir } from '../helpers/fixtures';

const SCRIPT = `
  const { prepareDatabase } = await import('./lib/bootstrap.ts');
  const { getDb, closeDb } = await import('./lib/db/client.ts');
  const { sql } = await import('drizzle-orm');
  const first = await prepareDatabase();
  const people = await getDb().execute(sql\`select count(*)::int as n from users\`);
  await closeDb();
  await first.embedded?.stop();
  const second = await prepareDatabase();
  const again = await getDb().execute(sql\`select count(*)::int as n from users\`);
  await closeDb();
  await second.embedded?.stop();
  console.log(JSON.stringify({ embedded: !!first.embedded, url: first.url, seeded: [first.seeded, second.seeded], people: [people.rows[0].n, again.rows[0].n] }));
`;

test('with no DATABASE_URL the app starts an embedded PostgreSQL under the data directory, migrates and seeds it once', async () => {
  const dataDir = scratchDir('lessonlens-data-');
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LESSONLENS_DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port) };
  delete env.DATABASE_URL;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { env, encoding: 'utf8' });
  const result = JSON.parse(output.trim().split('\n').pop()!);
  assert.equal(result.embedded, true);
  assert.equal(result.url, `postgres://postgres:postgres@127.0.0.1:${port}/lessonlens`);
  assert.deepEqual(result.seeded, [true, false], 'demo data is created on the first start only');
  assert.deepEqual(result.people, [16, 16]);
});
