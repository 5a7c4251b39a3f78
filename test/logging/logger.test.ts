import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boltLogger, createRootLogger, scrubSecrets } from '../../src/logging/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logging', () => {
  it('scrubs tokens, key ids and signatures from free text', () => {
    const text = scrubSecrets(
      'token xoxb-123-456-abc app xapp-1-A1-2-def key LTAI5tAbCdEfGhIjKl sts STS.NUabcdefgh1234 Signature=' +
        'a'.repeat(64),
    );

    expect(text).not.toMatch(/xoxb-123|xapp-1-A1|LTAI5tAbCdEfGhIjKl|STS\.NUabcdefgh1234|a{64}/);
    expect(text).toContain('Signature=[REDACTED]');
  });

  it('redacts secret keys in objects and secrets in messages and errors', () => {
    const { lines, destination } = capture();
    const log = createRootLogger({ level: 'info', pretty: false, destination });

    log.info(
      { token: 'xoxb-in-object', headers: { authorization: 'Bearer xoxb-header' }, user: 'U1' },
      'posting with xoxb-in-message',
    );
    log.error({ err: new Error('failed for LTAI5tAbCdEfGhIjKl') }, 'cloud call failed');

    const out = lines.join('');
    expect(out).not.toContain('xoxb-in-object');
    expect(out).not.toContain('xoxb-header');
    expect(out).not.toContain('xoxb-in-message');
    expect(out).not.toContain('LTAI5tAbCdEfGhIjKl');
    expect(out).toContain('"user":"U1"');
  });

  it('sends Bolt logs through pino at the configured level', () => {
    const { lines, destination } = capture();
    const bolt = boltLogger(createRootLogger({ level: 'warn', pretty: false, destination }));

    bolt.debug('noise');
    bolt.warn('token xoxb-bolt-1 rejected');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"component":"bolt"');
    expect(lines[0]).not.toContain('xoxb-bolt-1');
  });
});

class PlatformError extends Error {
  override name = 'PlatformError';
  code = 'slack_webapi_platform_error';
  data = { ok: false, error: 'channel_not_found' };
  config = { headers: { authorization: 'Bearer xoxb-in-config' } };
}

describe('logged errors', () => {
  it('keep their class, message, code, stack and cause, with only the text scrubbed', () => {
    const { lines, destination } = capture();
    const log = createRootLogger({ level: 'info', pretty: false, destination });
    const err = new PlatformError('login failed: password=hunter2 for xoxb-123-abc', {
      cause: new TypeError('inner detail'),
    });

    log.error({ err, requestId: 'req-1' }, 'posting failed');

    const line = JSON.parse(lines[0] ?? '{}') as { err: Record<string, unknown>; requestId: string };
    expect(line.err.type).toBe('PlatformError');
    expect(line.err.code).toBe('slack_webapi_platform_error');
    expect(line.err.data).toEqual({ ok: false, error: 'channel_not_found' });
    expect(line.err.message).toBe('login failed: password=****** for [REDACTED]: inner detail');
    expect(line.err.stack).toMatch(/^PlatformError: login failed: password=\*{6} for \[REDACTED\]\n\s+at /);
    expect(line.err.stack).toContain('caused by: TypeError: inner detail');
    expect(line.err).not.toHaveProperty('config');
    expect(line.requestId).toBe('req-1');
    expect(lines[0]).not.toMatch(/hunter2|xoxb-123|xoxb-in-config/);
  });

  it('keep plain values logged as err, and scrub the message pino takes from an error', () => {
    const { lines, destination } = capture();
    const log = createRootLogger({ level: 'info', pretty: false, destination });

    log.warn({ err: 'just text with token=abc123' }, 'odd');
    log.error(new Error('export API_KEY=sk-live-1'));

    const [first, second] = lines.map((l) => JSON.parse(l) as { err: unknown; msg: string });
    expect(first?.err).toBe('just text with token=******');
    expect(second?.msg).toBe('export API_KEY=******');
    expect(second?.err).toMatchObject({ type: 'Error', message: 'export API_KEY=******' });
    expect(lines.join('')).not.toMatch(/abc123|sk-live-1/);
  });
});

describe('secrets at every level', () => {
  it('redacts credential keys and credential text in nested objects at trace level', () => {
    const { lines, destination } = capture();
    const log = createRootLogger({ level: 'trace', pretty: false, destination });

    log.trace(
      {
        parameters: { db_password: 'hunter2', port: 80, repo: 'https://u:pat-77@git.example.com/x' },
        output: 'Panel ready\n初始密码：Xy12z9\n',
        names: ['db_password'],
      },
      'state %s',
      'mysql -uroot -pS3cretPass',
    );

    const out = lines.join('');
    expect(out).not.toMatch(/hunter2|pat-77|Xy12z9|S3cretPass/);
    const line = JSON.parse(lines[0] ?? '{}') as { parameters: Record<string, unknown>; names: string[] };
    expect(line.parameters.port).toBe(80);
    expect(line.parameters.db_password).toBe('[REDACTED]');
    expect(line.names).toEqual(['db_password']);
  });

  it('leaves out the bodies Bolt, the Web API client and Socket Mode print at debug level', () => {
    const { lines, destination } = capture();
    const bolt = boltLogger(createRootLogger({ level: 'debug', pretty: false, destination }));
    const body = JSON.stringify({ channel: 'C1', text: 'Credentials: password=hunter2' });
    const submission = JSON.stringify({
      view: {
        state: { values: { 'param:db_pass': { a: { type: 'plain_text_input', value: 'typed-secret' } } } },
      },
    });

    bolt.debug(`http request body: ${body}`);
    bolt.debug(`http request result: ${body}`);
    bolt.debug(`Received a message on the WebSocket: ${submission}`);
    bolt.debug(`ack() response sent (body: ${submission})`);
    bolt.debug(submission);
    bolt.debug("apiCall('chat.postEphemeral') start");

    const out = lines.join('');
    expect(out).not.toMatch(/hunter2|typed-secret/);
    expect(out).toContain('http request body: [body left out');
    expect(out).toContain("apiCall('chat.postEphemeral') start");
    expect(lines).toHaveLength(6);
  });
});
