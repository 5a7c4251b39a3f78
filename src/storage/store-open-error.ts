/** The store file could not be opened; the message names the file and says how to recover. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(
      `Cannot open the request store ${file}: ${problem}. The file was left untouched. ` +
        'Fix it, or move it aside (e.g. rename it to *.bak) so a new empty store is created, then start again.',
      options,
    );
    this.file = file;
  }
}
