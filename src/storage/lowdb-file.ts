/**
 * Opening a lowdb JSON file the way both lowdb-backed stores (requests, outbox) need it: the directory
 * is created, an existing file is read, and anything that cannot be done refuses the open with a
 * StoreOpenError that names the file, instead of overwriting what is there.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { StoreOpenError } from './store-open-error.js';

/** An opened lowdb file: `db.data` is what it held (null when `exists` is false). */
export interface OpenedLowdbFile {
  db: Low<unknown>;
  exists: boolean;
}

/** Creates `path`'s directory and reads the file when it exists; refuses a file that cannot be read. */
export async function openLowdbFile(path: string): Promise<OpenedLowdbFile> {
  await refuseOnFailure(
    path,
    'its directory could not be created',
    mkdir(dirname(path), { recursive: true }),
  );
  const exists = await stat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw new StoreOpenError(path, `it could not be read (${err.message})`, { cause: err });
    },
  );
  const db = new Low<unknown>(new JSONFile<unknown>(path), null);
  if (exists) {
    try {
      await db.read();
    } catch (err) {
      const problem =
        err instanceof SyntaxError
          ? 'it is not valid JSON'
          : `it could not be read (${(err as Error).message})`;
      throw new StoreOpenError(path, problem, { cause: err });
    }
  }
  return { db, exists };
}

/** Awaits one step of opening `file`; its failure refuses the open, saying what could not be done. */
export async function refuseOnFailure<T>(file: string, problem: string, step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (err) {
    throw new StoreOpenError(file, `${problem} (${(err as Error).message})`, { cause: err });
  }
}
