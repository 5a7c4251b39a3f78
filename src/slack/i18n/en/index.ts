/** The English catalog: the reference every other locale's catalog must match key for key. */
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

/** Every word the bot shows, in English. */
export const en = {
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
