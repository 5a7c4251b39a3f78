/**
 * A PostgreSQL outage during a click, through the real transports: the bot's connections go through a
 * TCP proxy that the test cuts. The approver is told nothing changed and to try again, /healthz turns
 * 503, and once the database is back the bot reconnects by itself and the same click works: one
 * StartExecution, one "started" reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/ports.js';
import { openPgStore, type PgRequestStore } from '../../src/storage/pg/pg-store.js';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import { freshSchemaUrl, pgDatabaseUrl } from '../storage/pg-test-db.js';
import { startTcpProxy, type TcpProxy } from '../storage/tcp-proxy.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  buttonOf,
  callAfter,
  openInstallForm,
  replies,
  shown,
  submitForm,
  waitForReply,
  waitUntil,
} from '../support/install-driver.js';

describe.skipIf(!pgDatabaseUrl)('PostgreSQL outage during a click', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let store: PgRequestStore;

  beforeAll(async () => {
    const url = await freshSchemaUrl();
    proxy = await startTcpProxy(url);
    h = await startHarness({ DATABASE_URL: proxy.url, ECS_EXT_REQUIRED_APPROVALS: '1' });
    store = await openPgStore({ url, logger: silentLogger });
  });

  afterAll(async () => {
    proxy?.up();
    await h?.close();
    await store?.close();
    await proxy?.close();
  });

  const health = () =>
    fetch(`${h.botUrl}/healthz`).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));

  it('says nothing changed and to try again, turns /healthz 503, and works again once the database is back', async () => {
    const { view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`,
    );
    const from = h.slack.calls.length;
    await submitForm(h, view);
    const confirmation = await callAfter(
      h,
      from,
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === undefined &&
        shown(c).includes('Please confirm'),
    );
    const requestId = buttonOf(confirmation, 'approve')?.value as string;
    const messageTs = await waitUntil(
      'the confirmation ts',
      async () => (await store.get(requestId))?.messageTs,
    );
    const approve = () =>
      h.driver.blockAction({
        actionId: 'approve',
        value: requestId,
        userId: APPROVER,
        channelId: confirmation.args.channel as string,
        messageTs,
      });
    const startsBefore = h.cloud.callsTo('StartExecution').length;

    proxy.down();
    const clickFrom = h.slack.calls.length;
    const during = await approve();
    const told = await callAfter(
      h,
      clickFrom,
      (c) => c.method === 'chat.postEphemeral' && c.args.user === APPROVER,
    );
    const healthDuring = await health();
    proxy.up();
    const healthAfter = await waitUntil('/healthz 200 again', async () => {
      const answer = await health();
      return answer.status === 200 ? answer : undefined;
    });
    const stillPending = await store.get(requestId);
    await approve();
    await waitForReply(h, { messageTs }, 'Installation started');

    expect(during.status).toBe(200);
    expect(shown(told)).toContain('nothing was changed');
    expect(shown(told)).toContain('try again');
    expect(healthDuring).toMatchObject({ status: 503, body: { ok: false, store: 'unavailable' } });
    expect(healthAfter).toMatchObject({ body: { ok: true, store: 'ok' } });
    expect(stillPending?.status).toBe('pending');
    expect(stillPending?.approvals).toEqual([]);
    expect(h.cloud.callsTo('StartExecution').length - startsBefore).toBe(1);
    expect(replies(h, { messageTs }).filter((c) => shown(c).includes('Installation started'))).toHaveLength(
      1,
    );
  });
});
