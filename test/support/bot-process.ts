/**
 * The real bot as a child process (`node --import tsx src/main.ts`), for tests that kill it with
 * SIGKILL or stop it with SIGTERM: start it with an environment and wait until it is ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** A bot process and the port it listens on. */
export interface BotProcess {
  process: ChildProcess;
  port: number;
}

/** Starts `src/main.ts` in a child process (cwd: a data dir, so no stray .env) and waits until ready. */
export async function spawnBot(env: Record<string, string>, cwd: string): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_ID: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? '',
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ...env,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /"port":(\d+)[^\n]*ecs-ext is ready|ecs-ext is ready[^\n]*"port":(\d+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1] ?? ready[2]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}:\n${output}`));
    });
  });
  // Keep draining the pipes so the child never blocks on a full buffer.
  child.stdout?.resume();
  child.stderr?.resume();
  return { process: child, port };
}

/** Resolves once the process has exited (at once if it already has). */
export function exited(child: BotProcess): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.process.once('exit', () => resolve()));
}
