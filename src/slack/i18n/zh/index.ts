/** The Chinese catalog, typed by `Messages`: a missing or mistyped entry does not compile. */
import type { Messages } from '../messages.js';
import { catalog, categories, support } from './catalog.js';
import { common } from './common.js';
import { delivery } from './delivery.js';
import { errors } from './errors.js';
import { form, formProblems } from './form.js';
import { guard } from './guard.js';
import { help, home, notPosted, prompt } from './help.js';
import { installed } from './installed.js';
import { lifecycle } from './lifecycle.js';
import { policy } from './policy.js';
import { approval, request, status } from './request.js';
import { rollout } from './rollout.js';
import { submission } from './submission.js';
import { executionStatus, report, suggestions, tracking } from './tracking.js';

/** Every word the bot shows, in Chinese. */
export const zh: Messages = {
  common,
  errors,
  executionStatus,
  tracking,
  report,
  suggestions,
  policy,
  request,
  approval,
  status,
  help,
  home,
  prompt,
  notPosted,
  installed,
  lifecycle,
  categories,
  catalog,
  support,
  delivery,
  submission,
  rollout,
  guard,
  form,
  formProblems,
};
