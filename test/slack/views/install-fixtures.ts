/**
 * Test data for the install views: a request, package details with every parameter type, and a
 * modal's state values as Slack sends them back.
 */
import type { ViewStateValue } from '@slack/bolt';
import type {
  ExecutionTracking,
  InstallRequest,
  PackageDetails,
  PackageParameter,
  PreflightInstance,
} from '../../../src/domain/model.js';
import { makeRequest } from '../../fakes/requests.js';

/** A valid instance id for index `n`. */
export function instanceId(n: number): string {
  return `i-bp1${String(n).padStart(17, '0')}`;
}

/** A parameter with sensible defaults. */
export function param(overrides: Partial<PackageParameter> & { name: string }): PackageParameter {
  return {
    type: 'String',
    label: { en: '', zh: '' },
    description: { en: '', zh: '' },
    required: false,
    secret: false,
    ...overrides,
  };
}

/** One parameter of each kind the form renders differently. */
export const EVERY_KIND_OF_PARAMETER: PackageParameter[] = [
  param({
    name: 'Endpoint',
    label: { en: 'Endpoint URL', zh: '接入地址' },
    description: { en: 'Where agents report.', zh: '上报地址。' },
    default: 'https://example.com',
    maxLength: 200,
  }),
  param({ name: 'Port', type: 'Integer', default: 8080, minValue: 1, maxValue: 65535 }),
  param({ name: 'Ratio', type: 'Number', default: 0.5 }),
  param({ name: 'EnableTls', type: 'Boolean', default: true }),
  param({ name: 'Edition', allowedValues: ['basic', 'pro'], default: 'pro' }),
  param({ name: 'Tags', type: 'List', default: ['a', 'b'] }),
  param({ name: 'Settings', type: 'Json', default: { level: 'info' } }),
  param({ name: 'ApiKey', secret: true, required: true }),
  param({ name: 'Password', secret: true, default: 'hunter2-default' }),
];

/** Package details with the given parameters. */
export function packageDetails(parameters: PackageParameter[] = EVERY_KIND_OF_PARAMETER): PackageDetails {
  return {
    package: {
      templateName: 'ACS-Extension-DemoAgent-1853370294850618',
      templateId: 't-123',
      templateVersion: 'v3',
      displayName: { en: 'Demo Agent', zh: '演示代理' },
      description: { en: 'A demo', zh: '演示' },
      categories: ['monitoring'],
      docUrl: { en: '', zh: '' },
      constraints: { osPlatforms: [], osTypes: ['linux'], osVersions: [], instanceTypeFamilies: [] },
    },
    templateVersion: 'v3',
    parameters,
  };
}

/** A pre-flight finding for instance `n`. */
export function preflight(n: number, overrides: Partial<PreflightInstance> = {}): PreflightInstance {
  return {
    instanceId: instanceId(n),
    name: `web-${n}`,
    osType: 'linux',
    osName: 'Ubuntu 22.04 64 bit',
    status: 'Running',
    cloudAssistant: 'online',
    ...overrides,
  };
}

/**
 * The request the view tests render: pending on two instances, one parameter left at its default,
 * one secret, one of two approvals in. Built with the one request builder of test/fakes.
 */
export function viewRequest(overrides: Partial<InstallRequest> = {}): InstallRequest {
  return makeRequest({
    id: 'req-7f3a',
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    messageTs: '1700000000.000100',
    instanceIds: [instanceId(1), instanceId(2)],
    packageName: 'ACS-Extension-DemoAgent-1853370294850618',
    packageVersion: 'v3',
    packageDisplayName: 'Demo Agent',
    parameters: { Endpoint: 'https://example.com', Port: 8080, ApiKey: '******' },
    secretParameterNames: ['ApiKey'],
    defaultsUsed: ['Port'],
    concurrency: 2,
    maxErrors: 1,
    preflight: [preflight(1), preflight(2)],
    policy: {
      approvers: ['U0BOB', 'S0OPS'],
      requiredApprovals: 2,
      allowSelfApproval: false,
      ttlMinutes: 1440,
    },
    approvals: [{ userId: 'U0BOB', at: '2026-03-01T10:05:00.000Z' }],
    expiresAt: '2026-03-02T10:00:00.000Z',
    history: [
      { at: '2026-03-01T10:00:00.000Z', type: 'created', actor: 'U0REQUESTER' },
      { at: '2026-03-01T10:05:00.000Z', type: 'approved', actor: 'U0BOB' },
    ],
    ...overrides,
  });
}

/** Execution tracking with the given per-instance statuses. */
export function execution(statuses: string[], status = 'Running'): ExecutionTracking {
  return {
    executionId: 'exec-abc123',
    regionId: 'cn-hangzhou',
    consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-abc123',
    status,
    statusMessage: '',
    startedAt: '2026-03-01T11:00:00.000Z',
    instances: statuses.map((s, i) => ({
      instanceId: instanceId(i + 1),
      status: s,
      message: s === 'Failed' ? 'exit 1' : '',
    })),
  };
}

/** One state value of a modal input, as Slack reports it. */
export function stateValue(value: Partial<ViewStateValue> & { type: string }): ViewStateValue {
  return value;
}
