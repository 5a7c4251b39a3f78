/** English words of promised posts that could not go where they were meant to (DM fallback, lost secrets). */

/** How a promised post reaches the requester when its channel or its private content is gone. */
export const delivery = {
  dmPreface: (channelMd: string) =>
    `I can no longer post in ${channelMd} (I was removed from it, or it was archived), so here is this update by direct message.`,
  privateLost: (name: string, requestId: string) =>
    `🔒 Only you can see this. The output of ${name} (request \`${requestId}\`) held credentials, masked in the channel. I restarted before I could send them to you, and I never store them: read them in the OOS console (View in console in the report) or on the instance.`,
};
