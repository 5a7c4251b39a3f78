/**
 * One-shot store commands run by `node dist/main.js <command>` (npm scripts `audit` and `import-lowdb`):
 * the audit export from the configured store, and moving a lowdb file into PostgreSQL. They read only
 * the store variables, so no Slack token is needed; data goes to `out`, problems to `err`.
 */
import { stat } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { loadStoreConfig, type StoreConfig } from '../../config/config.js';
import { isStoreError } from '../../domain/errors.js';
import { type RequestStore, silentLogger } from '../../domain/ports.js';
import { openLowdbStore } from '../lowdb-store.js';
import { openPgStore } from '../pg/pg-store.js';
import { auditRecords, formatCsv, formatJsonl } from './audit-export.js';

/** The commands this module runs. */
export type StoreCommand = 'audit' | 'import-lowdb';

/** True when `name` is one of the store commands. */
export function isStoreCommand(name: string | undefined): name is StoreCommand {
  return name === 'audit' || name === 'import-lowdb';
}

/** Where a command writes, and its clock. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  now?: () => Date;
}

const USAGE: Record<StoreCommand, string> = {
  audit: 'usage: npm run --silent audit -- [--since DAYS] [--format csv|jsonl]',
  'import-lowdb': 'usage: npm run import-lowdb -- <lowdb file>   (with DATABASE_URL set)',
};

/** A problem the person running the command can fix; exit code 2 for usage, 1 otherwise. */
class CommandError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Runs `argv` (`[command, ...args]`) and returns the process exit code. */
export async function runStoreCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CommandIo,
): Promise<number> {
  const [command, ...args] = argv;
  if (!isStoreCommand(command)) {
    io.err(`unknown command ${command ?? '(none)'}; expected audit or import-lowdb\n`);
    return 2;
  }
  try {
    const loaded = loadStoreConfig(env);
    if (!loaded.ok) throw new CommandError(loaded.problems.join('\n'));
    if (command === 'audit') await audit(args, loaded.config, io);
    else await importLowdb(args, loaded.config, io);
    return 0;
  } catch (err) {
    if (err instanceof CommandError) {
      io.err(`${err.message}\n${err.exitCode === 2 ? `${USAGE[command]}\n` : ''}`);
      return err.exitCode;
    }
    const message = isStoreError(err) || err instanceof Error ? err.message : String(err);
    io.err(`${command} failed: ${message}\n`);
    return 1;
  }
}

/** parseArgs, with its complaint turned into a usage error. */
function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new CommandError((err as Error).message, 2);
  }
}

async function audit(args: string[], config: StoreConfig, io: CommandIo): Promise<void> {
  const { values } = parse({
    args,
    options: { since: { type: 'string', default: '30' }, format: { type: 'string', default: 'csv' } },
    strict: true,
  });
  const days = Number(values.since);
  if (!Number.isFinite(days) || days < 0) {
    throw new CommandError(`--since must be a number of days, 0 or more (got ${String(values.since)})`, 2);
  }
  if (values.format !== 'csv' && values.format !== 'jsonl') {
    throw new CommandError(`--format must be csv or jsonl (got ${String(values.format)})`, 2);
  }
  const now = io.now?.() ?? new Date();
  const since = new Date(now.getTime() - days * 86_400_000);
  const requests = await withStore(config, (store) => store.list());
  const records = auditRecords(requests, since);
  io.out(values.format === 'csv' ? formatCsv(records) : formatJsonl(records));
}

async function importLowdb(args: string[], config: StoreConfig, io: CommandIo): Promise<void> {
  const { positionals } = parse({ args, options: {}, allowPositionals: true, strict: true });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CommandError('name exactly one lowdb file to import', 2);
  if (!config.databaseUrl) {
    throw new CommandError('DATABASE_URL is not set: it names the PostgreSQL database to import into');
  }
  await requireFile(file);
  const source = await openLowdbStore(file, silentLogger);
  const requests = await source.list().finally(() => source.close());
  const target = await openPgStore({ url: config.databaseUrl, logger: silentLogger });
  let imported = 0;
  let skipped = 0;
  try {
    // Oldest first, so the database's insertion order matches the file's.
    for (const request of [...requests].reverse()) {
      try {
        await target.create(request);
        imported += 1;
      } catch (err) {
        if (!isStoreError(err, 'exists')) throw err;
        skipped += 1;
      }
    }
  } finally {
    await target.close();
  }
  io.out(
    `imported ${imported} request(s) from ${file}` +
      (skipped > 0 ? `; ${skipped} were already in the database and were left as they are` : '') +
      '\n',
  );
}

async function requireFile(file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) throw new CommandError(`there is no store file at ${file}`);
}

async function withStore<T>(config: StoreConfig, use: (store: RequestStore) => Promise<T>): Promise<T> {
  let store: RequestStore;
  if (config.databaseUrl) {
    store = await openPgStore({ url: config.databaseUrl, logger: silentLogger });
  } else {
    await requireFile(config.dbFile);
    store = await openLowdbStore(config.dbFile, silentLogger);
  }
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
