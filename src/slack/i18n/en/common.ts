/** English words every view uses: list tails and ages. */

/** English common words. */
export const common = {
  /** What replaces the items that did not fit ("…and 4 more"). */
  andMore: (count: number) => `…and ${count} more`,
  /** A rough age for stale-data warnings. */
  age: {
    justNow: 'less than a minute ago',
    minutes: (n: number) => `${n} minute${n === 1 ? '' : 's'} ago`,
    hours: (n: number) => `${n} hours ago`,
    days: (n: number) => `${n} days ago`,
  },
};
