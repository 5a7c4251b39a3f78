import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallRequest } from '../../src/domain/model.js';
import { silentLogger } from '../../src/domain/ports.js';
import { openPgStore } from '../../src/storage/pg/pg-store.js';
import { runStoreCommand } from '../../src/storage/tools/store-commands.js';
import { makeRequest } from '../fakes/requests.js';
import { freshSchemaUrl, pgDatabaseUrl } from './pg-test-db.js';

const NOW = new Date('2025-06-30T12:00:00.000Z');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-ext-tools-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a store command in-process; returns its exit code and what it wrote. */
async function run(argv: string[], env: Record<string, string | undefined>) {
  let out = '';
  let err = '';
  const code = await runStoreCommand(argv, env, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    now: () => NOW,
  });
  return { code, out, err };
}

/** A lowdb file as an older build wrote it (no versions), holding `requests` verbatim. */
async function lowdbFile(requests: InstallRequest[]): Promise<string> {
  const file = join(dir, 'ecs-ext.json');
  const legacy = requests.map(({ version: _v, ...rest }) => rest);
  await writeFile(file, JSON.stringify({ version: 1, requests: legacy }), 'utf8');
  return file;
}

const finished = makeRequest({
  id: 'req-audit001',
  createdAt: '2025-06-20T08:00:00.000Z',
  updatedAt: '2025-06-20T08:30:00.000Z',
  requester: 'U0ALICE',
  channelId: 'C0OPS',
  instanceIds: ['i-bp1aaaaaaaaaaaaaaaa1', 'i-bp1aaaaaaaaaaaaaaaa2'],
  packageVersion: 'v2,"beta"',
  parameters: { user: 'admin', password: 'hunter2-top-secret' },
  secretParameterNames: ['password'],
  startParameters: JSON.stringify({ parameters: { password: 'hunter2-top-secret' } }),
  approvals: [
    { userId: 'U0BOB', at: '2025-06-20T08:05:00.000Z' },
    { userId: 'U0CAROL', at: '2025-06-20T08:06:00.000Z' },
  ],
  status: 'succeeded',
  reason: 'CVE fix, ticket OPS-42',
  policyVersion: 'file:0123456789ab',
  execution: {
    executionId: 'exec-00000000000000a1',
    regionId: 'cn-hangzhou',
    consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-00000000000000a1',
    status: 'Success',
    statusMessage: '',
    startedAt: '2025-06-20T08:06:30.000Z',
    endedAt: '2025-06-20T08:29:00.000Z',
    instances: [],
  },
});
const pending = makeRequest({
  id: 'req-audit002',
  createdAt: '2025-06-25T09:00:00.000Z',
  requester: 'U0DAVE',
  channelId: '=HYPERLINK("x")',
});
const old = makeRequest({ id: 'req-audit000', createdAt: '2025-04-01T00:00:00.000Z', status: 'expired' });

describe('npm run audit', () => {
  it('prints CSV of the last 30 days, oldest first, quoted per RFC 4180, with no secret values', async () => {
    const file = await lowdbFile([old, finished, pending]);

    const { code, out, err } = await run(['audit'], { ECS_EXT_DB_FILE: file });

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\r\n')).toEqual([
      'id,createdAt,requester,channel,action,package,version,region,instanceIds,approvers,executionIds,status,finishedAt,reason,policyVersion',
      'req-audit001,2025-06-20T08:00:00.000Z,U0ALICE,C0OPS,install,ACS-Extension-node-1853370294850618,' +
        '"v2,""beta""",cn-hangzhou,i-bp1aaaaaaaaaaaaaaaa1 i-bp1aaaaaaaaaaaaaaaa2,U0BOB U0CAROL,' +
        'exec-00000000000000a1,succeeded,2025-06-20T08:29:00.000Z,"CVE fix, ticket OPS-42",file:0123456789ab',
      `req-audit002,2025-06-25T09:00:00.000Z,U0DAVE,"'=HYPERLINK(""x"")",install,` +
        'ACS-Extension-node-1853370294850618,v27,cn-hangzhou,i-bp1abcdefghij0123456,,,pending,,,',
      '',
    ]);
    expect(out).not.toContain('hunter2');
  });

  it('prints JSON lines for --format jsonl, and --since narrows the window', async () => {
    const file = await lowdbFile([old, finished, pending]);

    const wide = await run(['audit', '--since', '100', '--format', 'jsonl'], { ECS_EXT_DB_FILE: file });
    const narrow = await run(['audit', '--since=7', '--format=jsonl'], { ECS_EXT_DB_FILE: file });

    const records = wide.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((r) => r.id)).toEqual(['req-audit000', 'req-audit001', 'req-audit002']);
    expect(records[1]).toMatchObject({
      approvers: ['U0BOB', 'U0CAROL'],
      executionIds: ['exec-00000000000000a1'],
      instanceIds: ['i-bp1aaaaaaaaaaaaaaaa1', 'i-bp1aaaaaaaaaaaaaaaa2'],
      finishedAt: '2025-06-20T08:29:00.000Z',
      reason: 'CVE fix, ticket OPS-42',
      policyVersion: 'file:0123456789ab',
    });
    expect(records[0].finishedAt).toBe(old.updatedAt);
    expect(
      narrow.out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['req-audit002']);
    expect(wide.out).not.toContain('hunter2');
  });

  it.each([
    [['audit', '--format', 'xml'], /--format must be csv or jsonl/],
    [['audit', '--since', 'last-week'], /--since must be a number of days/],
    [['audit', '--verbose'], /Unknown option '--verbose'/],
  ])('refuses %j with exit code 2 and the usage line', async (argv, problem) => {
    const file = await lowdbFile([finished]);

    const { code, out, err } = await run(argv, { ECS_EXT_DB_FILE: file });

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(problem);
    expect(err).toContain('usage: npm run --silent audit');
  });

  it('says there is no store (exit 1) instead of creating an empty file', async () => {
    const file = join(dir, 'missing.json');

    const { code, err } = await run(['audit'], { ECS_EXT_DB_FILE: file });

    expect(code).toBe(1);
    expect(err).toContain(`there is no store file at ${file}`);
  });

  it('runs as `node main audit` with only the store variables set, printing nothing but the data', async () => {
    const file = await lowdbFile([finished]);
    const root = resolve(import.meta.dirname, '..', '..');

    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        join(root, 'src', 'main.ts'),
        'audit',
        '--since',
        '100000',
        '--format',
        'jsonl',
      ],
      { cwd: dir, env: { PATH: process.env.PATH, ECS_EXT_DB_FILE: file } },
    );

    expect(stderr).toBe('');
    expect(JSON.parse(stdout).id).toBe('req-audit001');
  });
});

describe.skipIf(!pgDatabaseUrl)('audit and import with PostgreSQL', () => {
  it('import-lowdb moves every request into PostgreSQL once; a second run changes nothing', async () => {
    const file = await lowdbFile([old, finished, pending]);
    const url = await freshSchemaUrl();

    const first = await run(['import-lowdb', file], { DATABASE_URL: url });
    const second = await run(['import-lowdb', file], { DATABASE_URL: url });
    const store = await openPgStore({ url, logger: silentLogger });
    const stored = await store.list();
    await store.close();

    expect(first).toMatchObject({ code: 0, out: `imported 3 request(s) from ${file}\n` });
    expect(second.out).toContain('imported 0 request(s)');
    expect(second.out).toContain('3 were already in the database');
    expect(stored.map((r) => r.id)).toEqual(['req-audit002', 'req-audit001', 'req-audit000']);
    expect(stored.find((r) => r.id === 'req-audit001')?.approvals).toEqual(finished.approvals);
    expect(JSON.stringify(stored)).not.toContain('hunter2');
  });

  it('audit reads PostgreSQL when DATABASE_URL is set', async () => {
    const url = await freshSchemaUrl();
    const store = await openPgStore({ url, logger: silentLogger });
    await store.create(finished);
    await store.create(pending);
    await store.close();

    const { code, out } = await run(['audit', '--format', 'jsonl'], { DATABASE_URL: url });

    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['req-audit001', 'req-audit002']);
  });
});

describe('npm run import-lowdb', () => {
  it('needs DATABASE_URL and exactly one file', async () => {
    const file = await lowdbFile([finished]);

    const noDatabase = await run(['import-lowdb', file], {});
    const noFile = await run(['import-lowdb'], { DATABASE_URL: 'postgres://127.0.0.1:1/x' });

    expect(noDatabase.code).toBe(1);
    expect(noDatabase.err).toContain('DATABASE_URL is not set');
    expect(noFile.code).toBe(2);
    expect(noFile.err).toContain('usage: npm run import-lowdb');
  });
});
