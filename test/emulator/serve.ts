/**
 * `npm run emulator [-- --port N --latency MS]`: starts the sandbox cloud on 127.0.0.1 (default port
 * 9000; 0 picks a free one), prints the variables that point the bot at it, and runs until Ctrl+C.
 */
import type { CloudEmulator } from './cloud-emulator.js';
import { describeSandbox, parseSandboxArgs, type SandboxOptions, startSandbox } from './sandbox.js';

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseSandboxArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  let cloud: CloudEmulator;
  try {
    cloud = await startSandbox(options);
  } catch (err) {
    const busy = (err as { code?: string }).code === 'EADDRINUSE';
    console.error(
      busy
        ? `Port ${options.port} is in use; pick another with: npm run emulator -- --port 9001`
        : `The emulator could not start: ${(err as Error).message}`,
    );
    process.exit(1);
  }
  console.log(describeSandbox(cloud));
  const stop = () => {
    void cloud.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
