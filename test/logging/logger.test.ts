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
