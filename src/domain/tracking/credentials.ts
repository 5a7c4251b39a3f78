/**
 * Finds credentials in free text (an extension's output, a failed instance's error, a log line) in every
 * shape people and tools print them, so the channel, the store and the logs show them masked and only the
 * requester receives them, privately. Detection is by key and label words, never by guessing at values.
 */
import { type InstallRequest, type InstanceOutcome, SECRET_MASK } from '../model.js';

/** A credential found in some text. */
export interface FoundCredential {
  key: string;
  value: string;
}

/** The text with every credential value masked, and the credentials that were masked. */
export interface CredentialScan {
  redacted: string;
  found: FoundCredential[];
}

/** Credential words inside an identifier once it is lower-cased and stripped to letters. */
const CREDENTIAL_WORDS =
  /(password|passwd|passphrase|secret|token|credential|apikey|accesskey|privatekey|authorization)/;
/** Identifier endings that name a credential (dbPass, admin_pwd, apiKey, SSH_KEYS). */
const CREDENTIAL_ENDINGS = /(pass|pwd|key|keys)$/;
/** Chinese credential words (password, passphrase, secret key, private key, token, credential). */
const CREDENTIAL_WORDS_ZH = /(密码|口令|密钥|秘钥|私钥|令牌|凭证|凭据)/u;

/**
 * True for a key or label that names a credential: password, passwd, pwd, passphrase, secret, token,
 * credential, a key (apiKey, accessKey, private_key…) or their Chinese words, in any case or separator.
 */
export function isCredentialKey(key: string): boolean {
  if (CREDENTIAL_WORDS_ZH.test(key)) return true;
  const normalized = key.toLowerCase().replace(/[^a-z]/g, '');
  if (normalized === '') return false;
  return CREDENTIAL_WORDS.test(normalized) || CREDENTIAL_ENDINGS.test(normalized);
}

/** Credential words in prose ("The password of the admin user", "API key for…", "登录密码"). */
const CREDENTIAL_PROSE =
  /\b(?:passwords?|passwd|pwd|passphrases?|secrets?|tokens?|credentials?|(?:api|access|secret|private|ssh|license|encryption|auth)[ _-]?keys?|apikeys?|accesskeys?)\b/i;

/** True when prose (a parameter's description or label) says the value is a credential. */
export function mentionsCredential(text: string): boolean {
  return CREDENTIAL_WORDS_ZH.test(text) || CREDENTIAL_PROSE.test(text);
}

/** A value that is already masked (or empty) needs no second mask. */
function isMasked(value: string): boolean {
  return value === '' || /^\*+$/.test(value) || value === '[REDACTED]';
}

function unquote(value: string): string {
  const first = value[0];
  if ((first === '"' || first === "'") && value.endsWith(first) && value.length >= 2) {
    return value.slice(1, -1);
  }
  return value;
}

type Rule = (text: string, found: FoundCredential[]) => string;

/** `scheme://user:password@host`: the password is masked, whatever the key around it. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]*):([^\s@/'"]+)@/gi;

const maskUrls: Rule = (text, found) =>
  text.replace(URL_USERINFO, (whole, scheme: string, user: string, password: string) => {
    if (isMasked(password)) return whole;
    found.push({ key: user ? `${user} (URL)` : 'URL', value: password });
    return `${scheme}${user}:${SECRET_MASK}@`;
  });

/** `"db_password": "…"` (and `'…'`, numbers) anywhere, as in JSON, YAML flow maps and Python dicts. */
const QUOTED_FIELD =
  /(["'])([^"'\s]{1,80})\1(\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|-?\d[\d.]*)/g;

const maskQuotedFields: Rule = (text, found) =>
  text.replace(QUOTED_FIELD, (whole, quote: string, key: string, separator: string, raw: string) => {
    const value = unquote(raw);
    if (!isCredentialKey(key) || isMasked(value)) return whole;
    found.push({ key, value });
    const masked =
      raw.startsWith('"') || raw.startsWith("'") ? `${raw[0]}${SECRET_MASK}${raw[0]}` : SECRET_MASK;
    return `${quote}${key}${quote}${separator}${masked}`;
  });

/** `Authorization: Bearer <token>` and bare `Bearer <token>`. */
const BEARER = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;

const maskBearer: Rule = (text, found) =>
  text.replace(BEARER, (whole, scheme: string, space: string, token: string) => {
    if (isMasked(token)) return whole;
    found.push({ key: scheme, value: token });
    return `${scheme}${space}${SECRET_MASK}`;
  });

/** `--password=…`, `--api-key …`, `--db-pass '…'` on a command line. */
const LONG_FLAG = /(^|\s)(--?[A-Za-z][A-Za-z0-9_-]*)(=|[ \t]+)("[^"\n]*"|'[^'\n]*'|(?!-)[^\s"']+)/g;

const maskLongFlags: Rule = (text, found) =>
  text.replace(LONG_FLAG, (whole, lead: string, flag: string, separator: string, raw: string) => {
    const name = flag.replace(/^-+/, '');
    // Short flags with a space (`-p 22`) are ports and paths; only long flags take a spaced value.
    if (!flag.startsWith('--') && separator !== '=') return whole;
    const value = unquote(raw);
    if (!isCredentialKey(name) || isMasked(value)) return whole;
    found.push({ key: name, value });
    return `${lead}${flag}${separator}${SECRET_MASK}`;
  });

/** `mysql -uroot -pS3cret`: the password glued to `-p` (a port mapping such as `-p8080:80` is not one). */
const GLUED_P = /(^|\s)-p("[^"\n]+"|'[^'\n]+'|[^\s"']+)/g;

const maskGluedPassword: Rule = (text, found) =>
  text.replace(GLUED_P, (whole, lead: string, raw: string) => {
    const value = unquote(raw);
    // Port mappings (`-p8080:80`) and bundled short flags (`-pv`) are not passwords.
    if (/^[\d:./-]+$/.test(value) || /^[a-z]{1,3}$/.test(value) || isMasked(value)) return whole;
    found.push({ key: '-p', value });
    return `${lead}-p${SECRET_MASK}`;
  });

/**
 * `key=value`, `key: value`, `key：value`, `key is value`, `密码为 value`, optionally after `export ` and
 * with the key quoted or not. The key is the word right before the separator (`Admin password: x` reads
 * `password`); an unquoted value runs to the next space or full-width punctuation.
 */
const KEY_VALUE =
  /(^|[\s{(,;&?|>])((?:export\s+)?)([\p{L}\p{N}_.-]{1,80})(\s*(?:[:=：]|\bis\b|为|是)\s*[:：]?[ \t]*)("[^"\n]*"|'[^'\n]*'|[^\s"'，。；、）」]+)/gu;

/** Words that follow "password is" in prose, not a password ("the password is required"). */
const PROSE_AFTER_IS =
  /^(?:required|empty|invalid|incorrect|wrong|too|not|missing|set|unset|null|none|expired|correct|the|a|an|being|now|also|still|stored|saved|changed|reset|shown|printed|generated|needed|optional|ok|valid|weak|strong|same|different|in|at|on|of|for)$|^(?:必填|空|错误|无效|正确|必需|可选)/iu;

const maskKeyValues: Rule = (text, found) =>
  text.replace(
    KEY_VALUE,
    (whole, lead: string, exported: string, key: string, separator: string, raw: string) => {
      const value = unquote(raw);
      // `failed: password=x`: the value of a plain key may itself hold a credential pair.
      if (!isCredentialKey(key)) return `${lead}${exported}${key}${separator}${maskKeyValues(raw, found)}`;
      if (isMasked(value) || value.startsWith('//')) return whole;
      // `Authorization: Bearer <token>`: the token itself was masked by the Bearer rule.
      if (/^(?:Bearer|Basic)$/i.test(value)) return whole;
      if (/\bis\b|为|是/u.test(separator) && PROSE_AFTER_IS.test(value)) return whole;
      found.push({ key, value });
      const masked =
        raw.startsWith('"') || raw.startsWith("'") ? `${raw[0]}${SECRET_MASK}${raw[0]}` : SECRET_MASK;
      return `${lead}${exported}${key}${separator}${masked}`;
    },
  );

/** The rules in the order they run: the most specific shapes first, so later ones see them masked. */
const RULES: readonly Rule[] = [
  maskUrls,
  maskQuotedFields,
  maskBearer,
  maskLongFlags,
  maskGluedPassword,
  maskKeyValues,
];

/**
 * Masks every credential value in `text` and lists what it masked. Shapes: `key=value`, `key: value`,
 * `export API_KEY=…`, JSON/YAML fields (`"db_password": "…"`), CLI flags (`--password=…`, `-p<pw>`), URLs
 * with `user:password@`, `Bearer <token>` and Chinese labels (`初始密码：…`). Layout is kept as it was.
 */
export function redactCredentials(text: string): CredentialScan {
  const found: FoundCredential[] = [];
  let redacted = text;
  for (const rule of RULES) redacted = rule(redacted, found);
  return { redacted: found.length > 0 ? redacted : text, found };
}

/** `text` with every credential value masked (see `redactCredentials`). */
export function maskCredentialText(text: string): string {
  return redactCredentials(text).redacted;
}

function maskInstance(instance: InstanceOutcome): InstanceOutcome {
  const clean: InstanceOutcome = { ...instance, message: maskCredentialText(instance.message) };
  if (instance.output !== undefined) clean.output = maskCredentialText(instance.output);
  if (instance.configuration !== undefined) clean.configuration = maskCredentialText(instance.configuration);
  return clean;
}

/**
 * A copy of `request` whose execution texts (each instance's output, configuration and error message,
 * and the execution's status message) hold no credentials: what the store keeps. The unmasked values
 * live only in memory long enough to be sent privately to the requester.
 */
export function withoutCredentials(request: InstallRequest): InstallRequest {
  const execution = request.execution;
  if (!execution) return request;
  return {
    ...request,
    execution: {
      ...execution,
      statusMessage: maskCredentialText(execution.statusMessage),
      instances: execution.instances.map(maskInstance),
    },
  };
}
