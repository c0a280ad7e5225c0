import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../lib/db/embedded';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * The PostgreSQL server tests create their databases on: the one the test
 * command started (TEST_POSTGRES_URL), or, when a test file runs alone, an
 * embedded one started here for this process.
 */
export async function testServerUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.TEST_POSTGRES_URL) return { url: process.env.TEST_POSTGRES_URL, stop: async () => {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-pg-'));
  const server = await startEmbeddedPostgres(dir, await freePort());
  const url = server.url.replace(/\/lessonlens$/, '/postgres');
  return {
    url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the test server; returns its URL. */
export async function createScratchDatabase(serverUrl: string): Promise<string> {
  const name = `lessonlens_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
