/**
 * What a lowdb store holds on disk, for tests that look behind the bot: the live document plus the
 * archive of finished requests beside it (the newest copy of each request wins).
 */
import { readFileSync, statSync } from 'node:fs';
import type { InstallRequest } from '../../src/domain/model.js';
import { archivePathOf } from '../../src/storage/lowdb-archive.js';

/** A parsed file and the identity of the file it was parsed from. */
interface Parsed<T> {
  stamp: string;
  value: T;
}

const parsedFiles = new Map<string, Parsed<unknown>>();

/**
 * Parses `file` with `parse`, or hands back the previous parse while the file is the same one (inode,
 * size, change and modification times): many waiters polling a store each tick then cost a stat each,
 * not a parse each, and leave the CPU to the bot they wait for. The value is frozen, since it is shared.
 * ENOENT is thrown as readFileSync throws it.
 */
function readParsed<T>(file: string, parse: (text: string) => T): T {
  const stat = statSync(file, { bigint: true });
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const cached = parsedFiles.get(file);
  if (cached?.stamp === stamp) return cached.value as T;
  const value = deepFreeze(parse(readFileSync(file, 'utf8')));
  // Only a whole parse is kept: a half-written file throws above and is read again next time.
  parsedFiles.set(file, { stamp, value });
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A JSON file as on disk (parsed again only once it changed; frozen); throws as readFileSync does. */
export function readJsonOnDisk<T>(file: string): T {
  return readParsed(file, (text) => JSON.parse(text) as T);
}

/** The store's requests as on disk; throws if the document is caught half written. */
export function readLowdbOnDisk(file: string): { version: number; requests: InstallRequest[] } {
  const document = readJsonOnDisk<{ version: number; requests: InstallRequest[] }>(file);
  let archived: InstallRequest[] = [];
  try {
    archived = readParsed(archivePathOf(file), (text) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as InstallRequest),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const newest = new Map<string, InstallRequest>();
  for (const request of [...archived, ...document.requests]) {
    const known = newest.get(request.id);
    if (!known || known.version <= request.version) newest.set(request.id, request);
  }
  return { version: document.version, requests: [...newest.values()] };
}

/** The raw text of the store's files (document and archive), for "never on disk" checks. */
export function lowdbFilesText(file: string): string {
  const archive = (() => {
    try {
      return readFileSync(archivePathOf(file), 'utf8');
    } catch {
      return '';
    }
  })();
  return readFileSync(file, 'utf8') + archive;
}
