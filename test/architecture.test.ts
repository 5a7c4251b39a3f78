import { readdirSync, readFileSync } from 'node:fs';
import { dirname, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The dependency rule of conventions.md, checked by scanning the source text of src/**:
 * domain/ is pure; only cloud/ talks to Alibaba Cloud SDKs and only storage/ to lowdb; the adapter
 * folders (slack/, cloud/, storage/) do not know each other; only the composition root knows every
 * folder; `process.env` is read in one file; no enums and no default exports.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcRoot = resolve(repoRoot, 'src');

/** Files that wire everything together and so may import from every folder. */
const COMPOSITION_ROOTS = new Set(['src/main.ts', 'src/app.ts']);
/** Folders that adapt one outside system each; they depend on domain/, never on each other. */
const ADAPTER_FOLDERS = ['slack', 'cloud', 'storage'];

interface SourceFile {
  /** Repo-relative path with forward slashes, e.g. `src/domain/model.ts`. */
  path: string;
  /** The text with comments blanked (string literals kept, so import specifiers stay readable). */
  code: string;
  /** The text with comments and the contents of string and template literals blanked. */
  bare: string;
}

interface ImportRef {
  file: string;
  specifier: string;
  /** For a relative import inside src/: the top folder it lands in (`domain`, `main.ts`, …). */
  target?: string;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_KEYWORD =
  /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|yield|await|void|delete|throw|new)\s*$/;

/**
 * Blank comments (and, for `bare`, literal contents) while keeping every offset and newline, so
 * the regular expressions below never match inside a comment or a string.
 */
function lex(text: string): { code: string; bare: string } {
  const code: string[] = [];
  const bare: string[] = [];
  const blank = (ch: string) => (ch === '\n' ? '\n' : ' ');
  const templateDepth: number[] = [];
  let braceDepth = 0;
  let lastSignificant = '';
  let i = 0;

  const push = (ch: string, inCode: boolean, inBare: boolean) => {
    code.push(inCode ? ch : blank(ch));
    bare.push(inBare ? ch : blank(ch));
  };

  const readQuoted = (quote: string, template: boolean): void => {
    // Opening quote (or the `}` that resumes a template) is kept in both views.
    push(text[i] as string, true, true);
    i++;
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '\\') {
        push(ch, true, false);
        if (i + 1 < text.length) push(text[i + 1] as string, true, false);
        i += 2;
        continue;
      }
      if (ch === quote) {
        push(ch, true, true);
        i++;
        return;
      }
      if (template && ch === '$' && text[i + 1] === '{') {
        push('$', true, true);
        push('{', true, true);
        i += 2;
        templateDepth.push(braceDepth);
        braceDepth++;
        return;
      }
      if (!template && ch === '\n') return;
      push(ch, true, false);
      i++;
    }
  };

  while (i < text.length) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') push(text[i++] as string, false, false);
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      while (i < stop) push(text[i++] as string, false, false);
      continue;
    }
    if (ch === "'" || ch === '"') {
      readQuoted(ch, false);
      lastSignificant = ch;
      continue;
    }
    if (ch === '`') {
      readQuoted('`', true);
      lastSignificant = '`';
      continue;
    }
    if (
      ch === '}' &&
      templateDepth.length > 0 &&
      templateDepth[templateDepth.length - 1] === braceDepth - 1
    ) {
      templateDepth.pop();
      braceDepth--;
      readQuoted('`', true);
      lastSignificant = '`';
      continue;
    }
    const afterKeyword = lastSignificant === 'a' && REGEX_KEYWORD.test(text.slice(Math.max(0, i - 12), i));
    if (
      ch === '/' &&
      (afterKeyword || lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))
    ) {
      // A regular expression literal: skip to its closing slash, honouring escapes and classes.
      push(ch, true, true);
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n') {
        const c = text[i] as string;
        if (c === '\\') {
          push(c, true, false);
          if (i + 1 < text.length) push(text[i + 1] as string, true, false);
          i += 2;
          continue;
        }
        if (c === '[') inClass = true;
        if (c === ']') inClass = false;
        if (c === '/' && !inClass) break;
        push(c, true, false);
        i++;
      }
      if (i < text.length && text[i] === '/') push(text[i++] as string, true, true);
      lastSignificant = '/';
      continue;
    }
    if (ch === '{') braceDepth++;
    if (ch === '}') braceDepth--;
    if (!/\s/.test(ch)) lastSignificant = /[A-Za-z0-9_$)\]]/.test(ch) ? 'a' : ch;
    push(ch, true, true);
    i++;
  }
  return { code: code.join(''), bare: bare.join('') };
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = resolve(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(full);
    return /\.(ts|mts|cts|tsx|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function loadSources(): SourceFile[] {
  return listSourceFiles(srcRoot).map((full) => {
    const { code, bare } = lex(readFileSync(full, 'utf8'));
    return { path: relative(repoRoot, full).split(sep).join('/'), code, bare };
  });
}

/** Import forms, matched on the `bare` view; group 1 is the (blanked) specifier, read back from `code`. */
const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"\n]*)['"]/dg,
  /\bimport\s*['"]([^'"\n]*)['"]/dg,
  /\bimport\s*\(\s*['"]([^'"\n]*)['"]/dg,
  /\brequire\s*\(\s*['"]([^'"\n]*)['"]/dg,
];

function importsOf(file: SourceFile): ImportRef[] {
  const specifiers = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of file.bare.matchAll(pattern)) {
      const [start, end] = match.indices?.[1] ?? [0, 0];
      specifiers.add(file.code.slice(start, end));
    }
  }
  return [...specifiers].map((specifier) => {
    if (!specifier.startsWith('.')) return { file: file.path, specifier };
    const landed = posix.normalize(posix.join(posix.dirname(file.path), specifier));
    const inSrc = landed.startsWith('src/') ? landed.slice('src/'.length) : undefined;
    const segments = inSrc?.split('/') ?? [];
    // A file directly under src/ is named by its source file (`../main.js` → `main.ts`).
    const target = segments.length === 1 ? segments[0]?.replace(/\.m?js$/, '.ts') : segments[0];
    return { file: file.path, specifier, target };
  });
}

function folderOf(path: string): string {
  return path.slice('src/'.length).split('/')[0] as string;
}

function isPackage(specifier: string, names: string[]): boolean {
  return names.some((name) =>
    name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`),
  );
}

function describeRefs(refs: ImportRef[]): string[] {
  return refs.map((ref) => `${ref.file} imports '${ref.specifier}'`);
}

/** One rule: given the source tree, the violations it finds (empty = the rule holds). */
interface Rule {
  name: string;
  check: (files: SourceFile[]) => string[];
}

const importRule = (name: string, offends: (ref: ImportRef) => boolean): Rule => ({
  name,
  check: (files) => describeRefs(files.flatMap(importsOf).filter(offends)),
});

const textRule = (name: string, offends: (files: SourceFile[]) => SourceFile[]): Rule => ({
  name,
  check: (files) => offends(files).map((file) => file.path),
});

const DOMAIN_FORBIDDEN_PACKAGES = ['@slack/', '@alicloud/', 'lowdb', 'pino', 'pino-pretty'];
const DOMAIN_FORBIDDEN_FOLDERS = ['slack', 'cloud', 'storage', 'logging', 'main.ts', 'app.ts'];

const RULES: Rule[] = [
  importRule(
    'src/domain imports no @slack/*, @alicloud/*, lowdb, pino, nor slack/, cloud/, storage/, logging/',
    (ref) =>
      ref.file.startsWith('src/domain/') &&
      (isPackage(ref.specifier, DOMAIN_FORBIDDEN_PACKAGES) ||
        (ref.target !== undefined && DOMAIN_FORBIDDEN_FOLDERS.includes(ref.target))),
  ),
  importRule(
    'only src/cloud imports @alicloud/*',
    (ref) => isPackage(ref.specifier, ['@alicloud/']) && !ref.file.startsWith('src/cloud/'),
  ),
  importRule(
    'only src/storage imports lowdb',
    (ref) => isPackage(ref.specifier, ['lowdb']) && !ref.file.startsWith('src/storage/'),
  ),
  importRule(
    'slack/, cloud/ and storage/ depend on domain/, not on each other (only the composition root knows every folder)',
    (ref) =>
      !COMPOSITION_ROOTS.has(ref.file) &&
      ref.target !== undefined &&
      ADAPTER_FOLDERS.includes(ref.target) &&
      ref.target !== folderOf(ref.file),
  ),
  importRule(
    'nothing outside the composition root (main.ts, app.ts) imports it',
    (ref) =>
      !COMPOSITION_ROOTS.has(ref.file) &&
      ref.target !== undefined &&
      COMPOSITION_ROOTS.has(`src/${ref.target}`),
  ),
  textRule('process.env is read in one file only: src/main.ts (or the config loader)', (files) => {
    const readers = files.filter((file) => /\bprocess\.env\b/.test(file.bare));
    const misplaced = readers.filter(
      (file) => !COMPOSITION_ROOTS.has(file.path) && !file.path.startsWith('src/config/'),
    );
    return readers.length > 1 ? readers : misplaced;
  }),
  textRule('no enum declarations (string unions instead)', (files) =>
    files.filter((file) =>
      /(^|[\s;{}])(?:export\s+)?(?:declare\s+)?(?:const\s+)?enum\s+[A-Za-z_$]/m.test(file.bare),
    ),
  ),
  textRule('no default exports (named exports only)', (files) =>
    files.filter((file) => /\bexport\s+default\b|\bas\s+default\b|\bexport\s*=/.test(file.bare)),
  ),
];

function sample(path: string, text: string): SourceFile {
  return { path, ...lex(text) };
}

/** A small tree that breaks every rule once, to prove each rule can fail. */
const BROKEN_TREE: SourceFile[] = [
  sample(
    'src/domain/bad.ts',
    "import { App } from '@slack/bolt';\nimport { log } from '../logging/logger.js';",
  ),
  sample(
    'src/slack/bad.ts',
    "import { Client } from '@alicloud/ecs20140526';\nimport { store } from '../storage/store.js';",
  ),
  sample('src/cloud/bad.ts', "import { Low } from 'lowdb';\nimport { start } from '../main.js';"),
  sample('src/logging/bad.ts', 'export const level = process.env.LOG_LEVEL;\nexport default level;'),
  sample('src/config/bad.ts', "export const enum Mode { Http = 'http' }\nconst port = process.env.PORT;"),
];

const sources = loadSources();

describe('source scanner', () => {
  it('reads imports, and ignores comments, strings and regular expressions', () => {
    const file = sample(
      'src/slack/sample.ts',
      [
        "import { a } from './a.js';",
        "import type {\n  B,\n} from '../domain/b.js';",
        "export { c } from '@slack/bolt';",
        "// import { x } from '@alicloud/oos';",
        '/* export default x; process.env.Y */ const s = \'import z from "lowdb"\';',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: this is sample source holding a template literal
        'const re = /["\'`]/g; const t = `${re}process.env`;',
        "const lazy = await import('pino');",
        "function f() { return /'/.test(x); } const u = 'process.env';",
      ].join('\n'),
    );

    const found = importsOf(file).map((ref) => `${ref.specifier}→${ref.target ?? ''}`);

    expect(found.sort()).toEqual(['../domain/b.js→domain', './a.js→slack', '@slack/bolt→', 'pino→']);
    expect(file.bare).not.toMatch(/process\.env|export\s+default/);
  });

  it('finds the source tree', () => {
    const paths = sources.map((file) => file.path);

    expect(paths).toContain('src/domain/model.ts');
    expect(paths).toContain('src/config/config.ts');
  });

  it.each(RULES)('can fail: "$name" flags the broken sample tree', (rule) => {
    const violations = rule.check(BROKEN_TREE);

    expect(violations).not.toEqual([]);
  });
});

describe('dependency rule and conventions (conventions.md) hold in src/', () => {
  it.each(RULES)('$name', (rule) => {
    const violations = rule.check(sources);

    expect(violations).toEqual([]);
  });
});
