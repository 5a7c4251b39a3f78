/** English words of the install form while a slow submission is checked after Slack's deadline. */

/** The checking, submitted and fix-these views of the install form. */
export const submission = {
  checking:
    ':hourglass_flowing_sand: *Checking your request…* Alibaba Cloud is answering slowly. Keep this window open: it updates by itself in a few seconds, with the confirmation or with what to fix.',
  submitted: (channelMd: string) =>
    `:white_check_mark: *Request submitted.* Its confirmation is posted in ${channelMd}, where it can be approved.`,
  fixBelow: ':warning: *Please fix what is marked below, then submit again.*',
  submit: 'Submit',
  close: 'Close',
  done: 'Done',
};
