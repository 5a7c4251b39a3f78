/**
 * English words of the extension catalog (`/ecs-ext list`) and of the support answer (`/ecs-ext check`).
 * Arguments ending in `Md` are mrkdwn the view has escaped; the others are plain text or numbers.
 */

/** A page of the catalog: what the range line says. */
export interface PageRange {
  from: number;
  to: number;
  total: number;
  page: number;
  pageCount: number;
}

/** English category names, by the raw key in the templates (`application`, `database`…). */
export const categories: Record<string, string> = {
  application: 'Applications',
  applications: 'Applications',
  database: 'Databases',
  runtime: 'Runtimes',
  ai: 'AI',
  devops: 'DevOps',
  container: 'Containers',
  monitoring: 'Monitoring',
  security: 'Security',
  middleware: 'Middleware',
  web: 'Web servers',
  tools: 'Tools',
  other: 'Other',
};

/** English words of `/ecs-ext list`. */
export const catalog = {
  title: 'ECS extension catalog',
  titleFiltered: (filter: string) => `ECS extensions matching "${filter}"`,
  stale: (age: string) => `:warning: Catalog could not be refreshed; showing data from ${age}.`,
  noDescription: '_No description provided_',
  documentation: 'Documentation',
  range: (r: PageRange) => `Showing ${r.from}–${r.to} of ${r.total} · page ${r.page}/${r.pageCount}`,
  previous: '◀ Previous',
  next: 'Next ▶',
  hint: 'Filter by category or words: `/ecs-ext list database` · Check one: `/ecs-ext check docker`',
  empty: 'The catalog has no ECS extensions right now. Please try again later.',
  noMatch: (filter: string) => `No extension matches "${filter}".`,
  noMatchIntro: (filterMd: string) =>
    `No extension matches *${filterMd}*. Try other words, or one of these categories:`,
  noMatchHint: 'See everything: `/ecs-ext list` · Check one: `/ecs-ext check &lt;name&gt;`',
  fallback: (filter: string, range: string, names: string) =>
    `ECS extensions${filter ? ` matching "${filter}"` : ''}: ${range}. ${names}`,
};

/** English words of the answer to `/ecs-ext check`. */
export const support = {
  supported: (nameMd: string) => `${nameMd} is supported as an ECS extension.`,
  supportedFallback: (name: string, templateName: string) =>
    `${name} (${templateName}) is supported as an ECS extension.`,
  category: 'Category',
  templateVersion: 'Template version',
  operatingSystems: 'Operating systems',
  publisher: 'Publisher',
  documentation: 'Documentation',
  openDocumentation: 'Open documentation',
  install: 'Install…',
  otherMatches: 'Other close matches: ',
  anyOs: 'Any Linux or Windows supported by Cloud Assistant',
  instanceFamilies: (families: string) => `instance families: ${families}`,
  parametersTitle: (count: number) => `*Installation parameters* (${count})`,
  noParameters: 'This extension takes no installation parameters.',
  moreParameters: (rest: number) =>
    `…and ${rest} more parameter${rest === 1 ? '' : 's'}; the install form lists them all.`,
  required: 'required',
  optional: 'optional',
  secret: 'secret',
  meta: (parts: string[]) => `(${parts.join(', ')})`,
  defaultValue: (valueMd: string) => `default ${valueMd}`,
  allowed: (valuesMd: string) => `allowed: ${valuesMd}`,
  empty: '(empty)',
  unsupported: (queryMd: string) => `*${queryMd}* is not currently supported as an ECS extension.`,
  nearest: '*The nearest available extensions:*',
  noAlternatives: 'No close alternatives were found.',
  unsupportedHint: 'See every extension: `/ecs-ext list` · Check one: `/ecs-ext check &lt;TemplateName&gt;`',
  unsupportedFallback: (query: string, names: string) =>
    `${query} is not currently supported as an ECS extension.${names ? ` Nearest: ${names}.` : ''}`,
  ambiguous: (count: number, queryMd: string) =>
    `${count} extensions match *${queryMd}*. Which one did you mean?`,
  askAgain: (exampleMd: string) => `Ask again with the exact name, e.g. \`/ecs-ext check ${exampleMd}\``,
  ambiguousFallback: (count: number, query: string, names: string) =>
    `${count} extensions match "${query}": ${names}. Which one did you mean?`,
};
