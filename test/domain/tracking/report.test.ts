import { describe, expect, it } from 'vitest';
import type { InstallRequest, InstanceOutcome } from '../../../src/domain/model.js';
import { buildFinalReport, buildPendingReport } from '../../../src/domain/tracking/report.js';
import { runningRequest } from './tracking-fixtures.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';

/** A request whose execution ended with `status` and these instance outcomes. */
function finished(
  status: 'Success' | 'Failed' | 'Cancelled',
  instances: InstanceOutcome[],
  fields: Partial<InstallRequest> = {},
  statusMessage = '',
): InstallRequest {
  const base = runningRequest(
    'req-1',
    'exec-1',
    instances.map((i) => i.instanceId),
    fields,
  );
  const execution = base.execution as NonNullable<InstallRequest['execution']>;
  return {
    ...base,
    status: status === 'Success' ? 'succeeded' : status === 'Failed' ? 'failed' : 'cancelled',
    execution: { ...execution, status, statusMessage, instances, endedAt: '2025-06-01T10:04:12.000Z' },
  };
}

describe('buildFinalReport', () => {
  it('takes the facts from the request and its execution', () => {
    const request = finished('Success', [
      { instanceId: I1, status: 'Success', message: '', output: 'node v22.13.1 installed' },
      { instanceId: I2, status: 'Success', message: '' },
    ]);

    const report = buildFinalReport(request);

    expect(report.outcome).toBe('succeeded');
    expect(report).toMatchObject({
      requestId: 'req-1',
      requester: 'U0REQUESTER',
      packageName: 'ACS-Extension-node-1853370294850618',
      packageDisplayName: 'Node.js',
      packageVersion: 'v27',
      regionId: 'cn-hangzhou',
      instanceIds: [I1, I2],
      counts: { total: 2, succeeded: 2, failed: 0, cancelled: 0, finished: 2 },
      failedInstanceIds: [],
      privateCredentials: [],
    });
    expect(report.execution).toMatchObject({
      executionId: 'exec-1',
      status: 'Success',
      startedAt: '2025-06-01T10:00:00.000Z',
      endedAt: '2025-06-01T10:04:12.000Z',
    });
    expect(report.instances[0]?.output).toBe('node v22.13.1 installed');
    expect(report.suggestions).toEqual([{ code: 'verify_version', command: 'node -v' }]);
    expect(report.timeoutMinutes).toBeUndefined();
  });

  it('masks secret parameters, by name and by the names the template marked secret', () => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      secretParameterNames: ['adminPass'],
      startParameters: JSON.stringify({
        packageName: 'p',
        parameters: { adminPass: 'hunter22', apiToken: 't0k3n', port: '8080' },
      }),
    });

    const report = buildFinalReport(request);

    expect(report.parameters).toEqual({
      packageName: 'p',
      parameters: { adminPass: '******', apiToken: '******', port: '8080' },
    });
  });

  it('names the likely cause of failures and the retry, and lists the instances to retry', () => {
    const request = finished(
      'Failed',
      [
        { instanceId: I1, status: 'Success', message: '' },
        {
          instanceId: I2,
          status: 'Failed',
          message: 'Cloud Assistant of the instance is offline (heartbeat lost).',
        },
      ],
      {},
      'Task configurePackage failed',
    );

    const report = buildFinalReport(request);

    expect(report.outcome).toBe('partial');
    expect(report.suggestions).toContainEqual({ code: 'failure', cause: 'cloud_assistant_offline' });
    expect(report.suggestions.at(-1)).toEqual({ code: 'retry_failed' });
    expect(report.failedInstanceIds).toEqual([I2]);
  });

  it.each([
    ['No space left on device', 'disk_full'],
    ['Command timed out after 7200s', 'timed_out'],
    ['curl: (6) Could not resolve host: oos-public.oss-cn-beijing.aliyuncs.com', 'download_failed'],
    ['The OS type is not supported by the package', 'os_unsupported'],
    ['实例磁盘空间不足', 'disk_full'],
    ['Something odd', 'unknown'],
  ])('reads the cause of %s', (message, cause) => {
    const request = finished('Failed', [{ instanceId: I1, status: 'Failed', message }], {}, message);

    const report = buildFinalReport(request);

    expect(report.outcome).toBe('failed');
    expect(report.suggestions).toContainEqual({ code: 'failure', cause });
  });

  it('suggests opening the panel port and how to log in for BaoTa, preferring the port parameter', () => {
    const baota = {
      packageName: 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618',
      packageDisplayName: 'BaoTa Panel (free)',
    };
    const withDefault = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], baota);
    const withPort = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      ...baota,
      parameters: { panelPort: '9999' },
    });

    expect(buildFinalReport(withDefault).suggestions).toEqual([
      { code: 'open_port', port: 8888 },
      { code: 'panel_login', loginCommand: 'bt default', privateDetails: false },
    ]);
    expect(buildFinalReport(withPort).suggestions[0]).toEqual({ code: 'open_port', port: 9999 });
  });

  it('asks for the panel port when neither the package nor the parameters name one', () => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      packageName: 'ACS-Extension-1Panel-1853370294850618',
      packageDisplayName: '1Panel',
    });

    expect(buildFinalReport(request).suggestions[0]).toEqual({
      code: 'find_panel_port',
      panel: '1Panel',
      loginCommand: '1pctl user-info',
    });
  });

  it.each([
    ['ACS-Extension-python-1853370294850618', 'python3 --version'],
    ['ACS-Extension-java-1853370294850618', 'java -version'],
    ['ACS-Extension-golang-1853370294850618', 'go version'],
    ['ACS-Extension-Git-1853370294850618', 'git --version'],
    ['ACS-Extension-DockerCE-1853370294850618', 'docker --version'],
    ['ACS-Extension-nginx-1853370294850618', 'nginx -v'],
  ])('suggests the version command for %s', (packageName, command) => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      packageName,
      packageDisplayName: packageName,
    });

    expect(buildFinalReport(request).suggestions[0]).toEqual({ code: 'verify_version', command });
  });

  it('suggests looking at an unknown kind of extension by its short name', () => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      packageName: 'ACS-Extension-Zabbix-Agent-1853370294850618',
      packageDisplayName: 'Zabbix agent',
    });

    expect(buildFinalReport(request).suggestions).toEqual([
      { code: 'check_extension', shortName: 'Zabbix-Agent' },
    ]);
  });

  it('masks credentials of the outputs and keeps them, unmasked, for the requester only', () => {
    const configuration = [
      '外网面板地址: https://1.2.3.4:8888/abcd',
      'username: admin',
      'password: Pa55w0rd!',
    ].join('\n');
    const request = finished(
      'Success',
      [
        {
          instanceId: I1,
          status: 'Success',
          message: '',
          configuration,
          output: '{"db_password":"Sup3r","token":"abc123"}',
        },
      ],
      { packageName: 'ACS-Extension-BaoTaPanelFree-1853370294850618', packageDisplayName: 'BaoTa' },
    );

    const report = buildFinalReport(request);

    const shown = JSON.stringify(report.instances);
    expect(shown).not.toContain('Pa55w0rd!');
    expect(shown).not.toContain('Sup3r');
    expect(shown).toContain('password: ******');
    expect(report.privateCredentials).toHaveLength(1);
    expect(report.privateCredentials[0]?.instanceId).toBe(I1);
    expect(report.privateCredentials[0]?.text).toContain('Pa55w0rd!');
    expect(report.privateCredentials[0]?.text).toContain('Sup3r');
    expect(report.suggestions).toContainEqual({
      code: 'panel_login',
      loginCommand: 'bt default',
      privateDetails: true,
    });
  });

  it('reports a cancelled execution and the instances left to retry', () => {
    const request = finished(
      'Cancelled',
      [
        { instanceId: I1, status: 'Success', message: '' },
        { instanceId: I2, status: 'Cancelled', message: 'The execution was cancelled.' },
      ],
      {},
      'The execution was cancelled.',
    );

    const report = buildFinalReport(request);

    expect(report.outcome).toBe('cancelled');
    expect(report.failedInstanceIds).toEqual([I2]);
    expect(report.suggestions).toContainEqual({ code: 'cancelled' });
  });
});

describe('buildPendingReport', () => {
  it('is pending, keeps the timeout and says how to check later', () => {
    const base = runningRequest('req-1', 'exec-1', [I1]);
    const execution = base.execution as NonNullable<InstallRequest['execution']>;
    const request: InstallRequest = { ...base, execution: { ...execution, status: 'Waiting' } };

    const report = buildPendingReport(request, 20);

    expect(report.outcome).toBe('pending');
    expect(report.timeoutMinutes).toBe(20);
    expect(report.suggestions).toEqual([
      { code: 'pending_watching' },
      { code: 'pending_check', requestId: 'req-1' },
      { code: 'pending_cli', regionId: 'cn-hangzhou', executionId: 'exec-1' },
      { code: 'pending_waiting' },
    ]);
    expect(report.execution?.consoleUrl).toBe(
      'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
    );
    expect(report.failedInstanceIds).toEqual([]);
  });
});
