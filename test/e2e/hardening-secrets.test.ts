/**
 * Secrets end to end, through the real transports, with every log line captured at trace level: a
 * template parameter that is secret by name, description, Chinese label or template hint reaches OOS
 * unmasked, while no Slack call, store file or log line holds it; credentials an extension prints (and a
 * failed instance's error) are masked in the channel, `/ecs-ext status`, the store and the logs, and only
 * the requester gets them, privately.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../src/domain/model.js';
import { createRootLogger } from '../../src/logging/logger.js';
import { SEED_INSTANCES, seedTemplates } from '../emulator/catalog.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  CHANNEL,
  callAfter,
  click,
  REQUESTER,
  requestInstall,
  type Submitted,
  shown,
  waitForFinalReport,
  waitForReply,
  waitUntil,
} from '../support/install-driver.js';

/** A package whose parameters say "secret" in every way a template can. */
const PACKAGE = 'ACS-Extension-Terraform-0000000000000001';

/** What the requester types; each value must reach OOS and nothing else. */
const TYPED = {
  apiKey: 'typed-apikey-7f3k2',
  dbPasswd: 'typed-passwd-91x',
  accessToken: 'typed-token-q0w9',
  unlockPhrase: 'typed-phrase-l4m8',
  loginCode: 'typed-zh-code-55p',
  licenseBlob: 'typed-noecho-e3e3',
  adminPin: 'typed-assoc-77aa',
  repoUrl: 'https://deploy:typed-url-pat-8k8k@git.example.com/app.git',
} as const;
const URL_PASSWORD = 'typed-url-pat-8k8k';
const TYPED_SECRETS = [...Object.values(TYPED).filter((v) => !v.startsWith('https:')), URL_PASSWORD];

/** What the extension prints; each value must reach the requester alone. */
const PRINTED = [
  'out-export-1a',
  'out-cli-2b',
  'out-json-3c',
  'out-url-4d',
  'out-zh-5e',
  'out-flag-6f',
  'out-failed-7g',
];

const lines: string[] = [];
let h: Harness;

function secretParameters(): Record<string, unknown> {
  const text = (en: string, zh = '') => ({ en, 'zh-cn': zh });
  return {
    apiKey: { Type: 'String', Label: text('API key') },
    dbPasswd: { Type: 'String' },
    accessToken: { Type: 'String' },
    unlockPhrase: { Type: 'String', Description: text('Passphrase that unlocks the keystore') },
    loginCode: { Type: 'String', Label: text('Login code', '登录口令') },
    licenseBlob: { Type: 'String', NoEcho: true },
    adminPin: { Type: 'String', AssociationProperty: 'ALIYUN::ECS::Instance::Password' },
    repoUrl: { Type: 'String', Label: text('Repository URL') },
    workers: { Type: 'Number', Label: text('Workers'), Default: 2 },
  };
}

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createRootLogger({ level: 'trace', pretty: false, destination });
  h = await startHarness({ LOG_LEVEL: 'trace' }, logger);
  const original = seedTemplates().find((t) => t.name === PACKAGE);
  if (!original) throw new Error(`${PACKAGE} is not seeded`);
  h.cloud.publishPackageVersion(PACKAGE, { ...original.content, Parameters: secretParameters() });
});

afterAll(async () => {
  await h?.close();
});

/** Everything the bot sent to Slack, every file of the store, and every log line, as one text each. */
function everywhere(): { slack: string; store: string; logs: string } {
  return {
    slack: JSON.stringify(h.slack.calls.map((c) => c.args)),
    store: readdirSync(h.dataDir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(h.dataDir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n'),
    logs: lines.join(''),
  };
}

async function requestAndApprove(): Promise<Submitted> {
  const overrides = Object.fromEntries(
    Object.entries(TYPED).map(([name, value]) => [`param:${name}`, value]),
  );
  const submitted = await requestInstall(h, {
    packageName: PACKAGE,
    instanceIds: [SEED_INSTANCES.linux, SEED_INSTANCES.linux2],
    overrides,
  });
  await click(h, submitted, 'approve', APPROVER);
  await waitForReply(h, submitted, 'Installation started');
  return submitted;
}

describe('secret parameters', () => {
  let submitted: Submitted;

  beforeAll(async () => {
    h.cloud.script({ defaultAfterMs: 30 });
    submitted = await requestAndApprove();
  });

  it('reach OOS unmasked', () => {
    const start = h.cloud.callsTo('StartExecution').at(-1);
    const sent = JSON.parse(String(start?.params.Parameters)) as { parameters: Record<string, unknown> };

    expect(sent.parameters).toMatchObject({ ...TYPED, workers: 2 });
  });

  it('are in no Slack call, store file or log line, and the URL shows its password masked', async () => {
    await waitForFinalReport(h, submitted);

    const seen = everywhere();

    for (const secret of TYPED_SECRETS) {
      expect(seen.slack).not.toContain(secret);
      expect(seen.store).not.toContain(secret);
      expect(seen.logs).not.toContain(secret);
    }
    expect(shown(submitted.confirmation)).toContain(`https://deploy:${SECRET_MASK}@git.example.com/app.git`);
    expect(lines.length).toBeGreaterThan(50);
  });
});

describe('credentials in extension output', () => {
  let submitted: Submitted;

  beforeAll(async () => {
    h.cloud.script({
      instances: {
        [SEED_INSTANCES.linux]: {
          status: 'Success',
          output: `export API_KEY=${PRINTED[0]}\nmysql -uroot -p${PRINTED[1]} -e "select 1"\n`,
          configuration: `{"db_password": "${PRINTED[2]}", "panel": "http://admin:${PRINTED[3]}@10.0.0.1:8888/"}\n初始密码：${PRINTED[4]}`,
        },
        [SEED_INSTANCES.linux2]: {
          status: 'Failed',
          message: `setup --password=${PRINTED[5]} failed: login with password=${PRINTED[6]} refused`,
        },
      },
      defaultAfterMs: 30,
    });
    submitted = await requestAndApprove();
    await waitForFinalReport(h, submitted);
  });

  it('go to the requester alone, privately and unmasked', async () => {
    const note = await h.slack.waitFor(
      (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes(PRINTED[0] as string),
    );

    expect(note.args.user).toBe(REQUESTER);
    expect(note.args.channel).toBe(CHANNEL);
    for (const value of PRINTED) expect(String(note.args.text)).toContain(value);
  });

  it('are masked in the channel, /ecs-ext status, the store and the logs', async () => {
    const from = h.slack.calls.length;
    await h.driver.command(`status ${submitted.requestId}`, { userId: REQUESTER, channelId: CHANNEL });
    const status = await callAfter(h, from, (c) => c.method === 'response_url');
    await waitUntil('the store to hold the finished request', () =>
      everywhere().store.includes(`"finalReportAt"`) ? true : undefined,
    );

    const notes = h.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === REQUESTER);
    const publicCalls = h.slack.calls.filter((c) => !notes.includes(c));
    const channel = JSON.stringify(publicCalls.map((c) => c.args));
    const seen = everywhere();

    expect(shown(status)).toContain(SEED_INSTANCES.linux2);
    expect(shown(status)).toContain(SECRET_MASK);
    for (const value of PRINTED) {
      expect(channel).not.toContain(value);
      expect(seen.store).not.toContain(value);
      expect(seen.logs).not.toContain(value);
    }
  });
});
