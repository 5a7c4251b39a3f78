/** English words of `/ecs-ext installed`: what OOS records on instances. */

/** English words of the installed view. */
export const installed = {
  title: 'Installed extensions',
  summary: (region: string, count: number) =>
    `Region ${region} · ${count} instance${count === 1 ? '' : 's'} · as recorded by OOS`,
  fallback: (extensions: number, instances: number, region: string) =>
    `Installed extensions: ${extensions} on ${instances} instance${instances === 1 ? '' : 's'} in ${region}`,
  nothing: 'No extension recorded by OOS.',
  unreadable: 'Could not read what is installed',
  newer: (version: string) => `newer ${version} available`,
  latest: 'latest',
  noVersion: 'version unknown',
  configuration: 'Configuration',
  masked:
    'Configuration values are hidden. Whoever requested that install, or may approve installs in this channel, can see them privately with `/ecs-ext installed`.',
  privateNote: 'Only you can see this message: it holds configuration values (logins, passwords).',
  notFound: (region: string) => `Not found in ${region}:`,
  moreInstances: (n: number) => `…and ${n} more instance${n === 1 ? '' : 's'}; ask about fewer at a time.`,
  problems: {
    noInstances: (command: string) =>
      `Name the instances to look at, e.g. \`${command} installed i-bp1abcdefghijk0001 cn-hangzhou\`.`,
    badInstanceIds: (ids: string) =>
      `These are not instance IDs: ${ids}. An instance ID looks like \`i-bp1abcdefghijk0001\`.`,
    tooManyInstances: (count: number, max: number) =>
      `That is ${count} instances; ask about at most ${max} at a time.`,
    noneFound: (ids: string, region: string, regionGiven: boolean, command: string) =>
      regionGiven
        ? `None of ${ids} exists in ${region}. Check the IDs and the region.`
        : `None of ${ids} exists in ${region} (the default region). If they are elsewhere, add the region: \`${command} installed i-… cn-shanghai\`.`,
  },
};
