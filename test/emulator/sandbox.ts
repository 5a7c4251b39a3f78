/**
 * The sandbox cloud behind `npm run emulator`: the OOS/ECS stand-in the tests use, with a demo inventory,
 * and the text that tells a person which variables point the bot at it. A dev tool: nothing in src/
 * imports it.
 */
import { parseArgs } from 'node:util';
import {
  type CloudEmulator,
  EMULATOR_CREDENTIALS,
  SEED_INSTANCES,
  SEED_PACKAGES,
  startCloudEmulator,
} from './cloud-emulator.js';

/** Options of the sandbox cloud. */
export interface SandboxOptions {
  port: number;
  latencyMs: number;
}

/** Instances the sandbox adds to the seeded inventory, with what OOS records as installed on them. */
const DEMO_INSTANCES = [
  { instanceId: 'i-bp1demo0web000000001', name: 'demo-web-01' },
  { instanceId: 'i-bp1demo0web000000002', name: 'demo-web-02' },
  { instanceId: 'i-bp1demo0db0000000003', name: 'demo-db-03' },
] as const;

/** Parses `--port` and `--latency`; throws an Error naming the bad option. */
export function parseSandboxArgs(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '9000' }, latency: { type: 'string', default: '0' } },
  });
  const port = Number(values.port);
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number (0-65535), e.g. --port 9000; got "${values.port}"`);
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new Error(
      `--latency must be milliseconds (0 or more), e.g. --latency 100; got "${values.latency}"`,
    );
  }
  return { port, latencyMs };
}

/** Starts the emulator with the demo inventory: a few instances, some with extensions already recorded. */
export async function startSandbox(options: SandboxOptions): Promise<CloudEmulator> {
  const cloud = await startCloudEmulator({ port: options.port, latencyMs: options.latencyMs });
  for (const demo of DEMO_INSTANCES) cloud.addInstance({ ...demo, regionId: 'cn-hangzhou' });
  const [web1, web2, db] = DEMO_INSTANCES;
  cloud.setPackageState({ instanceId: web1.instanceId, templateName: SEED_PACKAGES.docker });
  cloud.setPackageState({
    instanceId: web1.instanceId,
    templateName: SEED_PACKAGES.node,
    templateVersion: 'v26',
    parameters: { version: 'v20.18.2' },
  });
  cloud.setPackageState({
    instanceId: web2.instanceId,
    templateName: SEED_PACKAGES.baota,
    parameters: { panelPort: 8888 },
  });
  cloud.setPackageState({ instanceId: db.instanceId, templateName: SEED_PACKAGES.mysql });
  return cloud;
}

/** What the sandbox prints: the variables for the bot's `.env`, then the instances to try. */
export function describeSandbox(cloud: CloudEmulator): string {
  const instances = [
    ...DEMO_INSTANCES.map((d) => `${d.instanceId}  ${d.name}`),
    `${SEED_INSTANCES.linux}  web-prod-01`,
    `${SEED_INSTANCES.linux2}  web-prod-02`,
    `${SEED_INSTANCES.windows}  win-iis-05 (Windows)`,
    `${SEED_INSTANCES.stopped}  batch-worker-03 (Stopped)`,
    `${SEED_INSTANCES.shanghai}  api-sh-06 (cn-shanghai)`,
  ];
  return [
    `ecs-ext sandbox cloud (OOS + ECS emulator) listening on ${cloud.url}`,
    '',
    "# Put these in the bot's .env (or export them), next to your Slack settings:",
    `ECS_EXT_OOS_ENDPOINT=${cloud.url}`,
    `ECS_EXT_ECS_ENDPOINT=${cloud.url}`,
    `ALIBABA_CLOUD_ACCESS_KEY_ID=${EMULATOR_CREDENTIALS.accessKeyId}`,
    `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${EMULATOR_CREDENTIALS.accessKeySecret}`,
    'ALIBABA_CLOUD_ECS_METADATA_DISABLED=true',
    'ECS_EXT_CATALOG_REGION=cn-hangzhou',
    '',
    '# Instances in cn-hangzhou unless noted (try: /ecs-ext installed i-bp1demo0web000000001):',
    ...instances.map((line) => `#   ${line}`),
    '',
    'The AccessKey above is a throwaway the emulator accepts; requests are still signature-checked.',
    'Nothing is persisted: stopping the emulator (Ctrl+C) forgets executions and installed packages.',
  ].join('\n');
}
