/**
 * Process entry point: read `.env` and the environment once, start the bot, stop it cleanly on SIGTERM or
 * SIGINT. Every failure to start is one readable message and exit code 1, never a stack trace.
 */
import dotenv from 'dotenv';
import { createBot, describeStartupError } from './app.js';
import { loadConfig } from './config/config.js';
import { installProcessNets } from './logging/process-nets.js';
import { isStoreCommand, runStoreCommand } from './storage/tools/store-commands.js';

dotenv.config({ quiet: true }); // real environment variables win over .env

// `node dist/main.js audit|import-lowdb …`: a one-shot store command instead of the bot.
if (isStoreCommand(process.argv[2])) {
  process.exit(
    await runStoreCommand(process.argv.slice(2), process.env, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    }),
  );
}

const result = loadConfig(process.env);
if (!result.ok) {
  process.stderr.write(
    `ecs-ext cannot start: ${result.problems.length} configuration problem(s):\n${result.problems
      .map((p) => `  - ${p}`)
      .join('\n')}\nSee .env.example for every variable.\n`,
  );
  process.exit(1);
}

const config = result.config;
try {
  const bot = await createBot(config, {
    pretty: process.stdout.isTTY === true && process.env.NODE_ENV !== 'production',
  });
  const { port } = await bot.start();
  bot.logger.info({ port, mode: config.slack.mode }, 'ecs-ext is ready');

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    bot.logger.info({ signal }, 'stopping: no new requests, flushing the store');
    const force = setTimeout(() => process.exit(exitCode), 9_000);
    force.unref();
    try {
      await bot.stop();
    } catch (err) {
      bot.logger.error({ err }, 'error while stopping');
    }
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  installProcessNets(process, bot.logger, { onFatal: () => void stop('uncaughtException', 1) });
} catch (err) {
  process.stderr.write(`ecs-ext cannot start: ${describeStartupError(err)}\n`);
  process.exit(1);
}
