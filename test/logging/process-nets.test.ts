import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRootLogger } from '../../src/logging/logger.js';
import { installProcessNets, type ProcessEvents } from '../../src/logging/process-nets.js';

function setUp(maxUncaught = 3) {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const logger = createRootLogger({ level: 'info', pretty: false, destination });
  const proc = new EventEmitter();
  let now = 0;
  let fatal = 0;
  installProcessNets(proc as unknown as ProcessEvents, logger, {
    onFatal: () => {
      fatal += 1;
    },
    maxUncaught,
    windowMs: 60_000,
    now: () => now,
  });
  return {
    lines,
    proc,
    fatal: () => fatal,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('process nets', () => {
  it('log an unhandled rejection with its class and stack, scrubbed, and keep the bot serving', () => {
    const { lines, proc, fatal } = setUp();

    proc.emit('unhandledRejection', new RangeError('lost with password=hunter2'));

    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toBe('unhandled promise rejection; the bot keeps serving');
    expect(lines[0]?.err).toMatchObject({ type: 'RangeError', message: 'lost with password=******' });
    expect(String((lines[0]?.err as { stack?: string } | undefined)?.stack)).toMatch(
      /^RangeError: .*\n\s+at /,
    );
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(fatal()).toBe(0);
  });

  it('log uncaught exceptions and stop only when they keep coming within the window', () => {
    const { lines, proc, fatal, advance } = setUp(3);

    proc.emit('uncaughtException', new Error('one'), 'uncaughtException');
    advance(61_000);
    proc.emit('uncaughtException', new Error('two'), 'uncaughtException');
    proc.emit('uncaughtException', new Error('three'), 'uncaughtException');
    const before = fatal();
    proc.emit('uncaughtException', new Error('four'), 'uncaughtException');
    proc.emit('uncaughtException', new Error('five'), 'uncaughtException');

    expect(before).toBe(0);
    expect(fatal()).toBe(1);
    expect(lines.map((l) => l.level)).toEqual([50, 50, 50, 60, 60]);
    expect(lines[0]?.err).toMatchObject({ type: 'Error', message: 'one' });
  });
});
