import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The dependency rule of conventions.md lives in biome.json (overrides per src/ folder:
 * noRestrictedImports, noProcessEnv, noEnum, noDefaultExport), so it shows in the editor and
 * `npm run lint` holds it on the real tree. This file keeps only what Biome cannot hold:
 *   1. that those overrides exist and bite — a probe tree, linted with the project's biome.json,
 *      must draw exactly the expected diagnostic on each line (one per rule and folder) and none on
 *      the imports each folder is allowed;
 *   2. inline type imports (`import('pkg').T`), which Biome's noRestrictedImports does not see.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const biomeBin = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

type Rule = 'noRestrictedImports' | 'noProcessEnv' | 'noEnum' | 'noDefaultExport';
const RULES: readonly Rule[] = ['noRestrictedImports', 'noProcessEnv', 'noEnum', 'noDefaultExport'];

/** One line of a probe file and the rule it must break (undefined: it must pass). */
type ProbeLine = [code: string, breaks?: Rule];

/** Probe files by path; the paths decide which biome.json overrides apply. */
const PROBES: Record<string, ProbeLine[]> = {
  'src/domain/install/probe.ts': [
    ["import type { App } from '@slack/bolt';", 'noRestrictedImports'],
    ["import { WebClient } from '@slack/web-api';", 'noRestrictedImports'],
    ["import { Client } from '@alicloud/ecs20140526';", 'noRestrictedImports'],
    ["import { Model } from '@darabonba/typescript';", 'noRestrictedImports'],
    ["import { Low } from 'lowdb';", 'noRestrictedImports'],
    ["import { JSONFilePreset } from 'lowdb/node';", 'noRestrictedImports'],
    ["import { Pool } from 'pg';", 'noRestrictedImports'],
    ["import { pino } from 'pino';", 'noRestrictedImports'],
    ["import { readFile } from 'node:fs/promises';", 'noRestrictedImports'],
    ["import { readFileSync } from 'fs';", 'noRestrictedImports'],
    ["import { ids } from '../../slack/ids.js';", 'noRestrictedImports'],
    ["import { oos } from '../../cloud/oos-client.js';", 'noRestrictedImports'],
    ["export * from '../../storage';", 'noRestrictedImports'],
    ["import { logger } from '../../logging/logger.js';", 'noRestrictedImports'],
    ["import { start } from '../../main.js';", 'noRestrictedImports'],
    ['const ttl = process.env.TTL;', 'noProcessEnv'],
    ["export enum Mode { Http = 'http' }", 'noEnum'],
    ['export default ttl;', 'noDefaultExport'],
    ["import { z } from 'zod';"],
    ["import { randomUUID } from 'node:crypto';"],
    ["import { Request } from '../model.js';"],
    ["import { words } from '../routing/slack-words.js';"],
    ['export const used = [App, WebClient, Client, Model, Low, JSONFilePreset, Pool, pino];'],
    ['export const more = [readFile, readFileSync, ids, oos, logger, start, z, randomUUID, Request, words];'],
  ],
  'src/slack/listeners/probe.ts': [
    ["import { App } from '@slack/bolt';"],
    ["import type { KnownBlock } from '@slack/types';"],
    ["import { install } from '../../domain/install/index.js';"],
    ["import { ids } from '../ids.js';"],
    ["import { oos } from '../../cloud/oos-client.js';", 'noRestrictedImports'],
    ["import { store } from '../../storage/lowdb-store.js';", 'noRestrictedImports'],
    ["import { callApi } from '@alicloud/openapi-core';", 'noRestrictedImports'],
    ["import { Low } from 'lowdb';", 'noRestrictedImports'],
    ["import { start } from '../../app.js';", 'noRestrictedImports'],
    ['const port = process.env.PORT;', 'noProcessEnv'],
    ['export const used = [App, install, ids, oos, store, callApi, Low, start, port];'],
    ['export type Used = KnownBlock;'],
  ],
  'src/cloud/probe.ts': [
    ["import { callApi } from '@alicloud/openapi-core';"],
    ["import { Model } from '@darabonba/typescript';"],
    ["import { Execution } from '../domain/model.js';"],
    ["import { notify } from '../slack/notifier.js';", 'noRestrictedImports'],
    ["import { WebClient } from '@slack/web-api';", 'noRestrictedImports'],
    ["import { store } from '../storage/lowdb-store.js';", 'noRestrictedImports'],
    ["import { Pool } from 'pg';", 'noRestrictedImports'],
    ['export const used = [callApi, Model, Execution, notify, WebClient, store, Pool];'],
  ],
  'src/storage/probe.ts': [
    ["import { Low } from 'lowdb';"],
    ["import { JSONFile } from 'lowdb/node';"],
    ["import { Pool } from 'pg';"],
    ["import { rename } from 'node:fs/promises';"],
    ["import { RequestStore } from '../domain/ports.js';"],
    ["import { oos } from '../cloud/oos-client.js';", 'noRestrictedImports'],
    ["import { Credential } from '@alicloud/credentials';", 'noRestrictedImports'],
    ["import type { KnownBlock } from '@slack/types';", 'noRestrictedImports'],
    ['export const used = [Low, JSONFile, Pool, rename, RequestStore, oos, Credential];'],
    ['export type Used = KnownBlock;'],
  ],
  'src/logging/probe.ts': [
    ["import { LogLevel } from '@slack/bolt';"],
    ["import { pino } from 'pino';"],
    ["import { Credential } from '@alicloud/credentials';", 'noRestrictedImports'],
    ["import { Low } from 'lowdb';", 'noRestrictedImports'],
    ["import { config } from '../main.js';", 'noRestrictedImports'],
    ['export const used = [LogLevel, pino, Credential, Low, config];'],
  ],
  'src/config/probe.ts': [
    ['export const port = process.env.PORT;'],
    ["import { app } from '../app.js';", 'noRestrictedImports'],
    ['export const used = [app];'],
  ],
  'src/main.ts': [
    ['const env = process.env;'],
    ["import { createApp } from './app.js';"],
    ["import { loadConfig } from './config/config.js';"],
    ["import { Credential } from '@alicloud/credentials';", 'noRestrictedImports'],
    ['export const used = [env, createApp, loadConfig, Credential];'],
  ],
  'src/app.ts': [
    ["import { createSlackApp } from './slack/slack-app.js';"],
    ["import { createOosClient } from './cloud/index.js';"],
    ["import { openLowdbStore } from './storage/lowdb-store.js';"],
    ["import type { Logger } from 'pino';"],
    ["import { Low } from 'lowdb';", 'noRestrictedImports'],
    ['const level = process.env.LOG_LEVEL;', 'noProcessEnv'],
    ['export const used = [createSlackApp, createOosClient, openLowdbStore, Low, level];'],
    ['export type Used = Logger;'],
  ],
};

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

function expectedFindings(): string[] {
  return Object.entries(PROBES).flatMap(([path, lines]) =>
    lines.flatMap(([, breaks], index) => (breaks ? [`${path}:${index + 1} ${breaks}`] : [])),
  );
}

/** Lint the probe tree with a copy of the project's biome.json; the findings of the rules above. */
function lintProbes(root: string): string[] {
  copyFileSync(join(repoRoot, 'biome.json'), join(root, 'biome.json'));
  for (const [path, lines] of Object.entries(PROBES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${lines.map(([code]) => code).join('\n')}\n`);
  }
  const run = spawnSync(
    process.execPath,
    [biomeBin, 'lint', '--reporter=json', '--max-diagnostics=none', '--colors=off', '.'],
    { cwd: root, encoding: 'utf8' },
  );
  const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics.flatMap((found) => {
    const rule = found.category.split('/').pop() as Rule;
    if (!RULES.includes(rule)) return [];
    return [`${found.location.path.split(sep).join('/')}:${found.location.start.line} ${rule}`];
  });
}

describe('biome.json holds the dependency rule (conventions.md)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ecs-ext-arch-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('flags each forbidden import, process.env, enum and default export in its folder, and nothing allowed', () => {
    const expected = expectedFindings();

    const found = lintProbes(root);

    expect(found.sort()).toEqual(expected.sort());
  });
});

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = resolve(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(full);
    return /\.(ts|mts|cts)$/.test(entry.name) ? [full] : [];
  });
}

/** `import('x').Name`, `typeof import('x')` and `import('x')` in a type position: invisible to Biome. */
const INLINE_TYPE_IMPORT = /(?:\btypeof\s+import\s*\(|\bimport\s*\(\s*['"][^'"]*['"]\s*\)\s*\.)/;

function inlineTypeImports(files: { path: string; text: string }[]): string[] {
  return files.flatMap(({ path, text }) =>
    text
      .split('\n')
      .flatMap((line, index) => (INLINE_TYPE_IMPORT.test(line) ? [`${path}:${index + 1}`] : [])),
  );
}

describe('what Biome cannot hold', () => {
  it('can fail: an inline type import is found', () => {
    const sample = [
      { path: 'src/domain/a.ts', text: "export type A = import('@slack/bolt').App;" },
      { path: 'src/domain/b.ts', text: "type B = typeof import('lowdb');" },
      { path: 'src/domain/c.ts', text: "const c = await import('./c.js');\nimport type { D } from 'd';" },
    ];

    expect(inlineTypeImports(sample)).toEqual(['src/domain/a.ts:1', 'src/domain/b.ts:1']);
  });

  it('src/ has no inline type imports (use `import type`, which the lint rules see)', () => {
    const files = listSourceFiles(join(repoRoot, 'src')).map((full) => ({
      path: relative(repoRoot, full).split(sep).join('/'),
      text: readFileSync(full, 'utf8'),
    }));

    expect(files.length).toBeGreaterThan(20);
    expect(inlineTypeImports(files)).toEqual([]);
  });
});
