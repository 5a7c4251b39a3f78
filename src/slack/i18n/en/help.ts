/**
 * English words of the help message, the Home tab, the mention reply that offers the install form, and
 * the note when the confirmation could not be posted. All mrkdwn: `<` and `>` are written as entities so
 * Slack does not read `<words>` as a link.
 */

/** One subcommand: what it does (its usage line and examples are the same in every language). */
export interface UsageWords {
  list: string;
  check: string;
  install: string;
  update: string;
  uninstall: string;
  status: string;
  installed: string;
  policy: string;
  help: string;
}

/** English words of `/ecs-ext help`. */
export const help = {
  header: 'ECS extensions bot · how to use it',
  intro:
    'I list Alibaba Cloud ECS extensions, tell you whether something is supported, and install it on your ECS instances in one click once a teammate approves.',
  usage: {
    list: '`/ecs-ext list [category or words]`',
    check: '`/ecs-ext check &lt;words&gt;`',
    install: '`/ecs-ext install [package] [instance IDs…] [region]`',
    update: '`/ecs-ext update [package] [instance IDs…] [region]`',
    uninstall: '`/ecs-ext uninstall [package] [instance IDs…] [region]`',
    status: '`/ecs-ext status [request ID or execution ID]`',
    installed: '`/ecs-ext installed &lt;instance IDs…&gt; [region]`',
    policy: '`/ecs-ext policy`',
    help: '`/ecs-ext help`',
  } satisfies UsageWords,
  what: {
    list: 'Browse the catalog of ECS extensions you can install, optionally filtered by category or words.',
    check:
      'Is something supported? Shows its details, parameters and an Install button, or the nearest alternatives. (`search` and `info` do the same.)',
    install:
      'Opens the install form, prefilled with the extension, instances and region you name. Submitting posts a confirmation in the channel; the install starts once a teammate approves it.',
    update:
      'Opens the same form to update the extension to its newest version (the installed version is uninstalled first); it needs approval like an install.',
    uninstall:
      'Opens the same form to uninstall the extension: each instance runs the uninstall script of the version OOS records there. It needs approval like an install.',
    status:
      'Shows the state of one install request or OOS execution; without an ID, lists your recent requests.',
    installed:
      'Lists the extensions OOS records as installed on those instances: version, when, and whether a newer version exists.',
    policy:
      'Shows the policy in force in this channel: who may approve, which packages and regions are allowed, the limits and freeze windows.',
    help: 'Shows this help.',
  } satisfies UsageWords,
  examples: 'Examples',
  mentions:
    '*Or just mention me*\n@-mention me in a channel and ask in plain words; I answer in the thread. For example:\n• `@ecs-ext what extensions are available?`\n• `@ecs-ext can I install docker?`\n• `@ecs-ext install nginx on i-bp1abcdefghijk0001`\nInstall requests come with a button that opens the prefilled install form.',
  approvals:
    'Installs need approval; approvals, rejections and the final report appear in the confirmation message’s thread.',
  fallback:
    'ECS extensions bot usage: /ecs-ext list [category], /ecs-ext check &lt;words&gt;, /ecs-ext install [package] [instance IDs] [region], /ecs-ext status [ID], /ecs-ext help.',
};

/** English words of the App Home tab. */
export const home = {
  header: 'ECS Extensions',
  intro:
    'Browse, check and install Alibaba Cloud ECS extensions (BT Panel, Node.js, Python, Docker, Java, …) from Slack, with teammate approval and live progress in the thread.',
  usage: [
    '• `/ecs-ext list [category or words]` — browse the ECS extensions you can install',
    '• `/ecs-ext check &lt;name&gt;` — is an extension supported, and with which parameters',
    '• `/ecs-ext install [package] [i-…] [region]` — open the install form; a teammate approves',
    '• `/ecs-ext update …` / `/ecs-ext uninstall …` — the same form to update or uninstall',
    '• `/ecs-ext installed &lt;i-…&gt; [region]` — what OOS records on instances',
    "• `/ecs-ext status [request id]` — a request's state and its execution's progress",
  ],
  recentHeader: '*Your recent requests*',
  none: 'None yet.',
};

/** English words of the reply to a mention that asks for an install. */
export const prompt = {
  package: (nameMd: string) => `package ${nameMd}`,
  instances: (count: number) => `${count} instance(s)`,
  region: (regionMd: string) => `region ${regionMd}`,
  text: (prefilled: string[]) =>
    `Open the install form, check the values and submit; a confirmation table is then posted here for a teammate to approve.${prefilled.length > 0 ? ` (prefilled: ${prefilled.join(', ')})` : ''}`,
  button: 'Open install form',
};

/** English words when the confirmation message could not be posted. */
export const notPosted = {
  notMember: (channelMd: string) =>
    `I couldn't post your install request in ${channelMd} because I'm not a member of that channel. Invite me there with \`/invite @ecs-ext\`, then submit the request again (\`/ecs-ext install\`). Nothing was installed.`,
  failed: (code: string | undefined) =>
    `I couldn't post your install request (${code ?? 'unknown error'}), so it was dropped and nothing was installed. Please try again with \`/ecs-ext install\` in a moment.`,
};
