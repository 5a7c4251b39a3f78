/**
 * `npm run emulator`: the script starts, prints the variables that point the bot at it, and those
 * printed values work with the real SDKs through the bot's own cloud adapters.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCloudClients } from '../../src/cloud/index.js';
import { silentLogger } from '../../src/domain/ports.js';
import { SEED_PACKAGES } from './cloud-emulator.js';
import { parseSandboxArgs } from './sandbox.js';

const ROOT = resolve(import.meta.dirname, '../..');
let child: ChildProcess;
let printed = '';
let exited: Promise<number | null>;

/** The `NAME=value` lines of the printed text. */
function printedVariables(text: string): Record<string, string> {
  const pairs = [...text.matchAll(/^([A-Z][A-Z0-9_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]);
  return Object.fromEntries(pairs);
}

beforeAll(async () => {
  child = spawn('npm', ['run', '--silent', 'emulator', '--', '--port', '0'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((done) => child.once('exit', (code) => done(code)));
  child.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  await vi.waitFor(() => expect(printed).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET='), {
    timeout: 30_000,
    interval: 50,
  });
}, 40_000);

afterAll(async () => {
  if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  await exited;
  vi.unstubAllEnvs();
});

describe('npm run emulator', () => {
  it('prints a loopback endpoint and a throwaway AccessKey for the bot', () => {
    const env = printedVariables(printed);

    expect(env.ECS_EXT_OOS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.ECS_EXT_ECS_ENDPOINT).toBe(env.ECS_EXT_OOS_ENDPOINT);
    expect(env.ALIBABA_CLOUD_ACCESS_KEY_ID).toBeTruthy();
    expect(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET).toBeTruthy();
    expect(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED).toBe('true');
    expect(printed).toContain('i-bp1demo0web000000001');
  });

  it('answers the real SDKs signed with the printed values, demo inventory included', async () => {
    const env = printedVariables(printed);
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const { oos, ecs } = createCloudClients({
      oosEndpoint: env.ECS_EXT_OOS_ENDPOINT,
      ecsEndpoint: env.ECS_EXT_ECS_ENDPOINT,
      logger: silentLogger,
    });

    const templates = await oos.listTemplates({
      regionId: 'cn-hangzhou',
      templateType: 'Package',
      shareType: 'Public',
    });
    const instances = await ecs.describeInstances({
      regionId: 'cn-hangzhou',
      instanceIds: ['i-bp1demo0web000000001', 'i-bp1demo0web000000002'],
    });
    const installed = await oos.listInstancePackageStates({
      regionId: 'cn-hangzhou',
      instanceId: 'i-bp1demo0web000000001',
    });
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'not-the-printed-secret');
    const wrongSecret = createCloudClients({
      oosEndpoint: env.ECS_EXT_OOS_ENDPOINT,
      logger: silentLogger,
      retry: { maxAttempts: 1 },
    });
    const refused = await wrongSecret.oos
      .listInstancePackageStates({ regionId: 'cn-hangzhou', instanceId: 'i-bp1demo0web000000001' })
      .catch((e: unknown) => e);

    expect(templates.map((t) => t.templateName)).toContain(SEED_PACKAGES.docker);
    expect(instances.map((i) => i.instanceId).sort()).toEqual([
      'i-bp1demo0web000000001',
      'i-bp1demo0web000000002',
    ]);
    expect(installed.map((p) => [p.templateName, p.templateVersion])).toEqual(
      expect.arrayContaining([
        [SEED_PACKAGES.docker, expect.any(String)],
        [SEED_PACKAGES.node, 'v26'],
      ]),
    );
    expect(refused).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('stops listening on SIGTERM', async () => {
    const url = printedVariables(printed).ECS_EXT_OOS_ENDPOINT ?? '';
    const before = await fetch(url).then((r) => r.status);

    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;

    expect(before).toBe(400);
    await vi.waitFor(() => expect(fetch(url)).rejects.toThrow(), { timeout: 10_000, interval: 100 });
  });
});

describe('parseSandboxArgs', () => {
  it('defaults to port 9000 and no latency, and names a bad option', () => {
    expect(parseSandboxArgs([])).toEqual({ port: 9000, latencyMs: 0 });
    expect(parseSandboxArgs(['--port', '0', '--latency', '100'])).toEqual({ port: 0, latencyMs: 100 });
    expect(() => parseSandboxArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseSandboxArgs(['--latency', '-1'])).toThrow(/--latency/);
  });
});
