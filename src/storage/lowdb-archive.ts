/**
 * The archive of finished requests beside the lowdb file: an append-only JSON-lines file, one line per
 * stored version of a finished request (the newest line of an id wins). Finished requests live here
 * instead of in the document that is rewritten on every change, so history costs a change nothing.
 * Only a small index stays in memory; a request's line is read from disk when it is asked for.
 */
import { open, rename, rm } from 'node:fs/promises';
import type { InstallRequest, RequestStatus } from '../domain/model.js';
import type { Logger } from '../domain/ports.js';
import { executionIdsOf } from './request-facts.js';

/** What the index keeps of an archived request: enough to filter, sort and find it. */
export interface ArchiveEntry {
  id: string;
  version: number;
  requester: string;
  status: RequestStatus;
  createdAt: string;
  updatedAt: string;
  executionIds: string[];
  /** Byte range of its newest line. */
  offset: number;
  length: number;
}

/** Lines written but not yet published: publish once the lowdb document is written, else discard. */
export interface StagedLines {
  publish(): void;
  discard(): Promise<void>;
}

/** The archive path for a store file: `x.json` → `x.archive.jsonl`. */
export function archivePathOf(storeFile: string): string {
  return `${storeFile.replace(/\.json$/i, '')}.archive.jsonl`;
}

function entryOf(request: InstallRequest, offset: number, length: number): ArchiveEntry {
  return {
    id: request.id,
    version: request.version,
    requester: request.requester,
    status: request.status,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    executionIds: executionIdsOf(request),
    offset,
    length,
  };
}

/** The archive file with its in-memory index. Not safe for concurrent writers: the store serializes. */
export class RequestArchive {
  readonly path: string;
  readonly #log: Logger;
  /** Newest entry per id. */
  readonly #entries = new Map<string, ArchiveEntry>();
  readonly #byExecution = new Map<string, string>();
  /** Ids per requester, so `/ecs-ext status` reads a few entries instead of the whole archive. */
  readonly #byRequester = new Map<string, Set<string>>();
  /** Bytes of the file that hold whole lines we know of; anything after it is a failed write. */
  #size = 0;
  /** Bytes of lines superseded by a newer line of the same id (reclaimed by compaction). */
  #stale = 0;

  private constructor(path: string, log: Logger) {
    this.path = path;
    this.#log = log;
  }

  /** Reads the index of the archive at `path` (a missing file is an empty archive). */
  static async open(path: string, log: Logger): Promise<RequestArchive> {
    const archive = new RequestArchive(path, log);
    await archive.#load();
    return archive;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The newest entry of `id`, if archived. */
  entry(id: string): ArchiveEntry | undefined {
    return this.#entries.get(id);
  }

  /** Every archived request's entry, or only those of one requester. */
  entries(requester?: string): ArchiveEntry[] {
    if (requester === undefined) return [...this.#entries.values()];
    const ids = this.#byRequester.get(requester) ?? new Set<string>();
    return [...ids].map((id) => this.#entries.get(id) as ArchiveEntry);
  }

  /** Id of the archived request that ran `executionId`. */
  idOfExecution(executionId: string): string | undefined {
    return this.#byExecution.get(executionId);
  }

  /** Reads an archived request from disk. */
  async read(entry: ArchiveEntry): Promise<InstallRequest> {
    return (await this.readMany([entry]))[0] as InstallRequest;
  }

  /**
   * Reads archived requests from disk, in the order given, through one handle: a list of the whole
   * history (an export, a restart's sweep) opens one file, not one per request.
   */
  async readMany(entries: ArchiveEntry[]): Promise<InstallRequest[]> {
    if (entries.length === 0) return [];
    // No handle outlives its use, so nothing is left for the garbage collector to close (an error from
    // Node.js 24 on).
    const reader = await open(this.path, 'r');
    try {
      const requests: InstallRequest[] = [];
      for (const entry of entries) {
        const buffer = Buffer.alloc(entry.length);
        await reader.read(buffer, 0, entry.length, entry.offset);
        requests.push(JSON.parse(buffer.toString('utf8')) as InstallRequest);
      }
      return requests;
    } finally {
      await reader.close();
    }
  }

  /** Forgets `id` (it moved back to the live document); its lines become stale. */
  drop(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    for (const executionId of entry.executionIds) this.#byExecution.delete(executionId);
    this.#stale += entry.length + 1;
  }

  /**
   * Appends one line per request and syncs it to disk; the index changes only on `publish()`. A write
   * that fails leaves the index as it was; the next one first cuts off whatever it left behind.
   */
  async stage(requests: InstallRequest[]): Promise<StagedLines> {
    const start = this.#size;
    const lines = requests.map((r) => Buffer.from(`${JSON.stringify(r)}\n`, 'utf8'));
    const handle = await open(this.path, 'a');
    try {
      if ((await handle.stat()).size !== start) await handle.truncate(start);
      await handle.write(Buffer.concat(lines));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    let published = false;
    return {
      publish: () => {
        let offset = start;
        for (const [i, request] of requests.entries()) {
          const length = (lines[i] as Buffer).length - 1;
          this.#index(entryOf(request, offset, length));
          offset += length + 1;
        }
        this.#size = offset;
        published = true;
      },
      discard: async () => {
        if (published) return;
        const cut = await open(this.path, 'r+').catch(() => undefined);
        await cut?.truncate(start).catch(() => {});
        await cut?.close();
      },
    };
  }

  /**
   * Rewrites the archive with only the newest line of each request that `keep` accepts (a temp file,
   * then a rename); returns how many requests it removed.
   */
  async compact(keep: (entry: ArchiveEntry) => boolean): Promise<number> {
    const kept = this.entries().filter(keep);
    const removed = this.#entries.size - kept.length;
    if (removed === 0 && this.#stale === 0) return 0;
    const temp = `${this.path}.tmp`;
    const reader = await open(this.path, 'r');
    const out = await open(temp, 'w').catch(async (err: unknown) => {
      await reader.close();
      throw err;
    });
    const moved: ArchiveEntry[] = [];
    try {
      let offset = 0;
      for (const entry of kept) {
        const line = Buffer.alloc(entry.length + 1);
        await reader.read(line, 0, entry.length + 1, entry.offset);
        await out.write(line);
        moved.push({ ...entry, offset });
        offset += line.length;
      }
      await out.datasync();
    } catch (err) {
      await out.close();
      await reader.close();
      await rm(temp, { force: true });
      throw err;
    }
    await out.close();
    await reader.close();
    await rename(temp, this.path);
    this.#entries.clear();
    this.#byExecution.clear();
    this.#byRequester.clear();
    this.#size = 0;
    this.#stale = 0;
    for (const entry of moved) {
      this.#index(entry);
      this.#size = entry.offset + entry.length + 1;
    }
    return removed;
  }

  /** True when more than half the file (and at least 1 MB) is superseded lines. */
  wasteful(): boolean {
    return this.#stale > 1_000_000 && this.#stale > this.#size / 2;
  }

  /** Nothing to release: every read opens and closes its own handle. Kept for the store's close. */
  async close(): Promise<void> {}

  #index(entry: ArchiveEntry): void {
    const previous = this.#entries.get(entry.id);
    if (previous) {
      this.#stale += previous.length + 1;
      this.#unindex(previous);
    }
    this.#entries.set(entry.id, entry);
    for (const executionId of entry.executionIds) this.#byExecution.set(executionId, entry.id);
    let mine = this.#byRequester.get(entry.requester);
    if (!mine) {
      mine = new Set();
      this.#byRequester.set(entry.requester, mine);
    }
    mine.add(entry.id);
  }

  #unindex(entry: ArchiveEntry): void {
    this.#entries.delete(entry.id);
    for (const executionId of entry.executionIds) this.#byExecution.delete(executionId);
    const mine = this.#byRequester.get(entry.requester);
    mine?.delete(entry.id);
    if (mine?.size === 0) this.#byRequester.delete(entry.requester);
  }

  /** Scans the file; a last line cut short by a crash is ignored and cut off by the next append. */
  async #load(): Promise<void> {
    const handle = await open(this.path, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!handle) return;
    let text: Buffer;
    try {
      text = await handle.readFile();
    } finally {
      await handle.close();
    }
    let offset = 0;
    let skipped = 0;
    while (offset < text.length) {
      const end = text.indexOf(0x0a, offset);
      if (end === -1) break; // an unfinished last line
      const request = asRequest(safeJson(text.subarray(offset, end).toString('utf8')));
      if (request) {
        const current = this.#entries.get(request.id);
        if (!current || current.version <= request.version) {
          this.#index(entryOf(request, offset, end - offset));
        } else {
          this.#stale += end - offset + 1;
        }
      } else {
        skipped += 1;
        this.#stale += end - offset + 1;
      }
      offset = end + 1;
    }
    this.#size = offset;
    if (skipped > 0)
      this.#log.warn({ skipped, file: this.path }, 'archive lines that are not requests skipped');
  }
}

/**
 * The line as a request when the fields the index needs are there. Lines are written by the store from
 * requests it already validated, so a full schema check on every start would only cost time.
 */
function asRequest(value: unknown): InstallRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<Record<keyof InstallRequest, unknown>>;
  const strings = [r.id, r.requester, r.status, r.createdAt, r.updatedAt].every((v) => typeof v === 'string');
  return strings && Number.isInteger(r.version) ? (value as InstallRequest) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
