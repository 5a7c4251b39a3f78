/** English words of the request checks: refused workspaces, repeated submissions, modals that failed to open. */

/** English words of the request checks. */
export const guard = {
  /** A command or click from another workspace (a Slack Connect guest). */
  otherWorkspace: 'This bot serves only the workspace it is installed in, so it cannot act on this request.',
  /** The same form submitted again while (or just after) the first submission is handled. */
  submittedTwice:
    'This form was just submitted with the same values and is being handled. If no confirmation appears, submit it again in half a minute.',
  /** Slack refused to open the form: the 3-second trigger ran out or was already used. */
  triggerExpired: (command: string) =>
    `The form could not open because Slack's 3-second window to open it ran out. Run \`${command}\` (or click the button) again.`,
  /** Slack refused to open the form for another reason. */
  modalFailed: (code: string, command: string) =>
    `The form could not open (Slack said \`${code}\`). Please run \`${command}\` (or click the button) again in a moment.`,
};
