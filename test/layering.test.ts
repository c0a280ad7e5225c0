import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { scratchDir } from './helpers/fixtures';

const CRUISER = path.resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.resolve('.dependency-cruiser.cjs');

function cruise(cwd: string, folders: string[]) {
  return spawnSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'err', ...folders], { cwd, encoding: 'utf8' });
}

test('the code keeps its layers: analysis pure, lib below app and workers, no research in production, no import loops', () => {
  const result = cruise(process.cwd(), ['app', 'lib', 'workers', 'research', 'scripts', 'test', 'e2e']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('the layering rules catch a violation of each kind', () => {
  const dir = scratchDir('lessonlens-layering-');
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  cpSync('tsconfig.json', path.join(dir, 'tsconfig.json'));
  write('lib/db/client.ts', 'export const db = 1;\n');
  write('lib/analysis/reads-db.ts', "import { db } from '../db/client';\nexport const x = db;\n");
  write('lib/media/reads-db.ts', "import { db } from '../db/client';\nexport const y = db;\n");
  write('app/page.ts', 'export const page = 1;\n');
  write('lib/reaches-app.ts', "import { page } from '../app/page';\nexport const z = page;\n");
  write('research/train.ts', 'export const train = 1;\n');
  write('workers/worker.ts', "import { train } from '../research/train';\nexport const w = train;\n");
  write('lib/a.ts', "import type { B } from './b';\nexport type A = { b?: B };\n");
  write('lib/b.ts', "import type { A } from './a';\nexport type B = { a?: A };\n");
  const result = cruise(dir, ['app', 'lib', 'workers', 'research']);
  assert.notEqual(result.status, 0);
  for (const rule of ['analysis-is-pure', 'media-is-plain-tooling', 'lib-below-app-and-workers', 'no-research-in-production', 'no-circular']) {
    assert.match(result.stdout, new RegExp(rule), `${rule} is reported`);
  }
});
