import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../src/slack/ids.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifestFile = resolve(repoRoot, 'manifest.yml');
const schemaFile = resolve(repoRoot, '../shared/reference/slack-manifest-schema/manifest.schema.1.0.0.json');
const hasSchema = existsSync(schemaFile);

/** The parts of a Slack app manifest these tests read or change. */
interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string; description?: string; long_description?: string };
  features: {
    bot_user: { display_name: string; always_online?: boolean };
    app_home: {
      home_tab_enabled?: boolean;
      messages_tab_enabled?: boolean;
      messages_tab_read_only_enabled?: boolean;
    };
    slash_commands: Array<{ command: string; url?: string; usage_hint?: string; should_escape?: boolean }>;
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    socket_mode_enabled: boolean;
    org_deploy_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const manifestText = readFileSync(manifestFile, 'utf8');

function loadManifest(): Manifest {
  return parse(manifestText) as Manifest;
}

/** Apply the changes the manifest's header comment lists for HTTP mode. */
function toHttpMode(manifest: Manifest, host: string): Manifest {
  const url = `https://${host}/slack/events`;
  const http = structuredClone(manifest);
  http.settings.socket_mode_enabled = false;
  for (const command of http.features.slash_commands) command.url = url;
  http.settings.event_subscriptions.request_url = url;
  http.settings.interactivity.request_url = url;
  http.settings.interactivity.message_menu_options_url = url;
  return http;
}

function compileSchema(): ValidateFunction {
  // The published schema uses non-standard keywords (`regex`, `_note`), which strict mode rejects.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
}

describe('manifest.yml content', () => {
  it('declares the /ecs-ext command with the usage hint and unescaped text', () => {
    const manifest = loadManifest();

    const commands = manifest.features.slash_commands;

    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      command: SLASH_COMMAND,
      usage_hint: 'list [words] | check <package> | install [package] [i-…] [region] | status [id] | help',
      should_escape: false,
    });
  });

  it('subscribes to exactly app_mention and app_home_opened', () => {
    const manifest = loadManifest();

    const events = [...manifest.settings.event_subscriptions.bot_events].sort();

    expect(events).toEqual(['app_home_opened', 'app_mention']);
  });

  it('asks for exactly the bot scopes the bot uses and no user scopes', () => {
    const manifest = loadManifest();

    const scopes = [...manifest.oauth_config.scopes.bot].sort();

    expect(scopes).toEqual([
      'app_mentions:read',
      'chat:write',
      'commands',
      'im:write',
      'usergroups:read',
      'users:read',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('defaults to Socket Mode with interactivity on and no URLs', () => {
    const manifest = loadManifest();

    const { settings, features } = manifest;

    expect(settings.socket_mode_enabled).toBe(true);
    expect(settings.interactivity.is_enabled).toBe(true);
    expect(settings.org_deploy_enabled).toBe(false);
    expect(settings.token_rotation_enabled).toBe(false);
    expect(manifestText).not.toMatch(/^\s*(url|request_url|message_menu_options_url):/m);
    // Reports reach the requester by DM when the bot left the channel: read-only, nobody writes to it.
    expect(features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: true,
    });
    expect(features.bot_user).toEqual({ display_name: 'ecs-ext', always_online: true });
  });

  it('explains every HTTP-mode change in its header comment', () => {
    const comment = manifestText
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');

    const mentioned = [
      'socket_mode_enabled: false',
      'url:',
      'request_url:',
      'message_menu_options_url:',
    ].filter((key) => comment.includes(key));

    expect(mentioned).toHaveLength(4);
    expect(comment).toContain('https://<host>/slack/events');
  });
});

describe.skipIf(!hasSchema)(
  hasSchema
    ? 'manifest.yml against Slack manifest schema 1.0.0'
    : 'manifest.yml against Slack manifest schema 1.0.0 — skipped: ../shared/reference/slack-manifest-schema is not present',
  () => {
    it('validates in Socket Mode (the file as shipped)', () => {
      const validate = compileSchema();
      const manifest = loadManifest();

      const valid = validate(manifest);

      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(manifest._metadata?.major_version).toBe(1);
    });

    it('validates in HTTP mode after the changes its comment describes', () => {
      const validate = compileSchema();
      const manifest = toHttpMode(loadManifest(), 'bot.example.com');

      const valid = validate(manifest);

      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(manifest.settings.interactivity.message_menu_options_url).toBe(
        'https://bot.example.com/slack/events',
      );
    });

    it('rejects a manifest that breaks the schema, so the checks above can fail', () => {
      const validate = compileSchema();
      const manifest = loadManifest();
      manifest.display_information.long_description = 'too short';
      manifest.features.slash_commands[0]!.url = 'bot.example.com/slack/events';

      const valid = validate(manifest);

      expect(valid).toBe(false);
      expect(validate.errors?.map((e) => e.instancePath).sort()).toEqual([
        '/display_information/long_description',
        '/features/slash_commands/0/url',
      ]);
    });
  },
);
