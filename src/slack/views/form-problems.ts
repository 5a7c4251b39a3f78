/**
 * The install form's problems and notes in words: what is wrong under each input (plain text, as Slack
 * shows input errors) and the notes at the top of the form.
 */
import type { FormErrors, FormNotice, FormProblem } from '../../domain/install/form-problems.js';
import type { Locale } from '../../domain/model.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { errorLine } from './describe-error.js';

/** The error text of each input block, every problem of a block in one text. */
export function renderFormErrors(errors: FormErrors, locale: Locale): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([blockId, problems]) => [blockId, formProblemsText(problems, locale)]),
  );
}

/** Problems of one input in words, one after the other. */
export function formProblemsText(problems: readonly FormProblem[], locale: Locale): string {
  const m = messagesFor(locale);
  return problems.map((problem) => problemText(problem, m, locale)).join(' ');
}

/** A note at the top of the form in words. */
export function formNoticeText(notice: FormNotice, locale: Locale): string {
  const m = messagesFor(locale);
  const words = m.formProblems.notices[notice.code] as (
    n: FormNotice,
    list: ListFn,
    error: (err: unknown) => string,
  ) => string;
  return words(notice, listSome(m), (err) => errorLine(err, locale));
}

type ListFn = (items: string[], max?: number) => string;

function problemText(problem: FormProblem, m: Messages, locale: Locale): string {
  // The catalog's entry for this code takes this very problem; TypeScript cannot pair them up itself.
  const words = m.formProblems.problems[problem.code] as (
    p: FormProblem,
    list: ListFn,
    error: (err: unknown) => string,
  ) => string;
  return words(problem, listSome(m), (err) => errorLine(err, locale));
}

/** Lists at most `max` items, then "…and N more". */
function listSome(m: Messages): ListFn {
  return (items, max = 5) => {
    const shown = items.slice(0, max).join(', ');
    const more = items.length - max;
    return more > 0 ? m.formProblems.more(shown, more) : shown;
  };
}
