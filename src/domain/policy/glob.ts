/**
 * A small glob for TemplateNames and region ids: `*` matches any run of characters, `?` one character,
 * everything else itself, ignoring case. Names hold no `/`, so path globs' rules are not needed.
 */

const compiled = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const body = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, 'is');
    if (compiled.size > 500) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** True when `name` matches the glob `pattern` as a whole. */
export function matchesGlob(pattern: string, name: string): boolean {
  return toRegExp(pattern).test(name);
}
