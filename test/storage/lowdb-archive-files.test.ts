/**
 * A list of the whole archive (the audit export, the import, the sweep of promises at every start) opens
 * the archive file once, not once per request: under a small open-file limit, a store with many more
 * archived requests than the limit still opens and lists them all.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/ports.js';
import { openLowdbStore } from '../../src/storage/lowdb-store.js';
import { STORE_VERSION } from '../../src/storage/store-schema.js';
import { makeRequest } from '../fakes/requests.js';

const STORE_MODULE = fileURLToPath(new URL('../../src/storage/lowdb-store.ts', import.meta.url));
const PORTS_MODULE = fileURLToPath(new URL('../../src/domain/ports.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const ARCHIVED = 1_000;
const FILE_LIMIT = 200;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-ext-archive-files-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it(`lists ${ARCHIVED} archived requests in a process limited to ${FILE_LIMIT} open files`, async () => {
  const file = join(dir, 'ecs-ext.json');
  const requests = Array.from({ length: ARCHIVED }, (_, i) =>
    makeRequest({ id: `req-f${String(i).padStart(7, '0')}`, status: 'succeeded' }),
  );
  await writeFile(file, JSON.stringify({ version: STORE_VERSION, requests }));
  const seeded = await openLowdbStore(file, silentLogger);
  await seeded.close();
  const script = [
    `const { openLowdbStore } = await import(${JSON.stringify(STORE_MODULE)});`,
    `const { silentLogger } = await import(${JSON.stringify(PORTS_MODULE)});`,
    `const store = await openLowdbStore(${JSON.stringify(file)}, silentLogger);`,
    'const all = await store.list();',
    'await store.close();',
    "console.log('listed', all.length);",
  ].join('\n');

  const child = spawnSync(
    'sh',
    [
      '-c',
      `ulimit -n ${FILE_LIMIT} && exec "$0" --import "$1" --input-type=module -e "$2"`,
      process.execPath,
      TSX,
      script,
    ],
    { encoding: 'utf8', timeout: 15_000 },
  );

  expect(child.stderr).not.toContain('EMFILE');
  expect(child.stdout.trim()).toBe(`listed ${ARCHIVED}`);
});
