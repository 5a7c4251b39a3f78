import { describe, expect, it } from 'vitest';
import { bodyProblem, parseSlackBody, teamsOf } from '../../src/slack/request-guard.js';

const user = { id: 'U1', team_id: 'T1' };

describe('bodyProblem', () => {
  it.each<[string, unknown]>([
    ['a slash command', { command: '/ecs-ext', user_id: 'U1', team_id: 'T1', text: '' }],
    ['a click', { type: 'block_actions', user, team: { id: 'T1' }, actions: [] }],
    ['a click with the team only on the user', { type: 'block_actions', user, team: null, actions: [] }],
    ['a view submission', { type: 'view_submission', user, team: { id: 'T1' }, view: { id: 'V1' } }],
    ['an event', { type: 'event_callback', team_id: 'T1', event: { type: 'app_mention' } }],
    ['url verification', { type: 'url_verification', challenge: 'abc' }],
    ['an SSL check', { ssl_check: '1', token: 'x' }],
  ])('accepts %s', (_name, body) => {
    expect(bodyProblem(body)).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'the body is not an object'],
    ['a number', 42, 'the body is not an object'],
    ['an array', [{ user }], 'the body is not an object'],
    ['a click without user', { type: 'block_actions', team: { id: 'T1' } }, 'no user'],
    ['a click without team', { type: 'block_actions', user: { id: 'U1' } }, 'no team'],
    ['a command without user', { command: '/ecs-ext', team_id: 'T1' }, 'no user'],
    ['an event without team', { type: 'event_callback', event: { type: 'app_mention' } }, 'no team'],
    ['an event without event', { type: 'event_callback', team_id: 'T1' }, 'no event'],
    [
      'url verification without challenge',
      { type: 'url_verification' },
      'url_verification without a challenge',
    ],
    ['an unknown shape', { hello: 'world' }, 'no team'],
  ])('refuses %s', (_name, body, problem) => {
    expect(bodyProblem(body)).toBe(problem);
  });
});

describe('teamsOf', () => {
  it('collects every team a body names, so a Slack Connect guest shows up', () => {
    const event = {
      type: 'event_callback',
      team_id: 'T1',
      authorizations: [{ team_id: 'T1' }],
      event: { type: 'app_mention', team: 'T1', user_team: 'T9', source_team: 'T9' },
    };

    expect(teamsOf(event)).toEqual(['T1', 'T9']);
    expect(teamsOf({ type: 'block_actions', team: { id: 'T1' }, user: { id: 'U', team_id: 'T2' } })).toEqual([
      'T1',
      'T2',
    ]);
  });
});

describe('parseSlackBody', () => {
  it('reads form payloads, form fields and JSON as Bolt does', () => {
    const form = 'application/x-www-form-urlencoded';

    expect(parseSlackBody('payload=%7B%22a%22%3A1%7D', form)).toEqual({ a: 1 });
    expect(parseSlackBody('command=%2Fecs-ext&text=hi', form)).toMatchObject({
      command: '/ecs-ext',
      text: 'hi',
    });
    expect(parseSlackBody('null', 'application/json')).toBeNull();
    expect(() => parseSlackBody('payload=%7Bbad', form)).toThrow();
  });
});
