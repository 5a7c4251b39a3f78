/**
 * What a lowdb store holds on disk, for tests that look behind the bot: the live document plus the
 * archive of finished requests beside it (the newest copy of each request wins).
 */
import { readFileSync } from 'node:fs';
import type { InstallRequest } from '../../src/domain/model.js';
import { archivePathOf } from '../../src/storage/lowdb-archive.js';

/** The store's requests as on disk; throws if the document is caught half written. */
export function readLowdbOnDisk(file: string): { version: number; requests: InstallRequest[] } {
  const document = JSON.parse(readFileSync(file, 'utf8')) as { version: number; requests: InstallRequest[] };
  let archived: InstallRequest[] = [];
  try {
    archived = readFileSync(archivePathOf(file), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as InstallRequest);
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
