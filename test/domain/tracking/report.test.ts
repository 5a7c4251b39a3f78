import { describe, expect, it } from 'vitest';
import type { InstallRequest, InstanceOutcome } from '../../../src/domain/model.js';
import { buildFinalReport, buildPendingReport, REPORT_LABELS } from '../../../src/domain/tracking/report.js';
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

function allText(report: ReturnType<typeof buildFinalReport>): string {
  return [
    report.title,
    ...report.fields.flatMap((f) => [f.label, f.value]),
    report.resultDetails.label,
    ...report.resultDetails.items,
    report.resultDetails.note ?? '',
    report.followUp.label,
    ...report.followUp.items,
  ].join('\n');
}

describe('buildFinalReport', () => {
  it('carries every label of the contract, in English and in Chinese', () => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }]);

    const en = allText(buildFinalReport(request, { locale: 'en' }));
    const zh = allText(buildFinalReport({ ...request, locale: 'zh' }, { locale: 'zh' }));

    for (const label of REPORT_LABELS) {
      expect(en).toContain(label);
      expect(zh).toContain(label);
    }
    expect(REPORT_LABELS).toEqual([
      'Extension Name',
      'Installation Target',
      'Installation Parameters',
      'Execution ID',
      'Execution Status',
      'Completion Time',
      'Result Details',
      'Follow-up Suggestions',
    ]);
    expect(zh).toContain('扩展名称');
  });

  it('fills the fields from the request and its execution', () => {
    const request = finished('Success', [
      { instanceId: I1, status: 'Success', message: '', output: 'node v22.13.1 installed' },
      { instanceId: I2, status: 'Success', message: '' },
    ]);

    const report = buildFinalReport(request, { locale: 'en' });

    const value = (label: string) => report.fields.find((f) => f.label === label)?.value ?? '';
    expect(report.outcome).toBe('succeeded');
    expect(report.title).toBe('✅ Installation succeeded — Node.js');
    expect(value('Extension Name')).toBe('Node.js (`ACS-Extension-node-1853370294850618` v27)');
    expect(value('Installation Target')).toBe(`Region \`cn-hangzhou\`, 2 instances: \`${I1}\`, \`${I2}\``);
    expect(value('Installation Parameters')).toContain('"version": "v22.13.1"');
    expect(value('Execution ID')).toBe('`exec-1`');
    expect(value('Execution Status')).toBe('`Success`\n2/2 done, 2 succeeded');
    expect(value('Completion Time')).toBe('2025-06-01 10:04:12 UTC (took 4 min 12 s)');
    expect(report.resultDetails.items[0]).toBe(
      `✅ \`${I1}\` — succeeded\nOutput:\n\`\`\`node v22.13.1 installed\`\`\``,
    );
    expect(report.followUp.items.join('\n')).toContain('`node -v`');
    expect(report.requester).toBe('U0REQUESTER');
    expect(report.failedInstanceIds).toEqual([]);
    expect(report.privateText).toBeUndefined();
  });

  it('masks secret parameters in the parameters JSON', () => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      secretParameterNames: ['adminPass'],
      startParameters: JSON.stringify({
        packageName: 'p',
        parameters: { adminPass: 'hunter22', apiToken: 't0k3n' },
      }),
    });

    const value = buildFinalReport(request, { locale: 'en' }).fields[2]?.value ?? '';

    expect(value).not.toContain('hunter22');
    expect(value).not.toContain('t0k3n');
    expect(value).toContain('"adminPass": "******"');
  });

  it('explains failures with a likely cause and the check to run, and offers a retry', () => {
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

    const report = buildFinalReport(request, { locale: 'en' });

    expect(report.outcome).toBe('partial');
    expect(report.resultDetails.items[1]).toBe(
      `❌ \`${I2}\` — failed: Cloud Assistant of the instance is offline (heartbeat lost).`,
    );
    const suggestions = report.followUp.items.join('\n');
    expect(suggestions).toContain('systemctl status aliyun.service');
    expect(suggestions).toContain('Retry failed instances');
    expect(report.failedInstanceIds).toEqual([I2]);
  });

  it.each([
    ['No space left on device', 'df -h'],
    ['Command timed out after 7200s', 'timed out'],
    ['curl: (6) Could not resolve host: oos-public.oss-cn-beijing.aliyuncs.com', 'OSS'],
    ['The OS type is not supported by the package', 'cat /etc/os-release'],
    ['Something odd', "failed task's log"],
  ])('suggests a check for %s', (message, expected) => {
    const request = finished('Failed', [{ instanceId: I1, status: 'Failed', message }], {}, message);

    const report = buildFinalReport(request, { locale: 'en' });

    expect(report.outcome).toBe('failed');
    expect(report.followUp.items.join('\n')).toContain(expected);
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

    const byDefault = buildFinalReport(withDefault, { locale: 'en' }).followUp.items.join('\n');
    const byParameter = buildFinalReport(withPort, { locale: 'en' }).followUp.items.join('\n');

    expect(byDefault).toContain('TCP port 8888');
    expect(byDefault).toContain('`bt default`');
    expect(byParameter).toContain('TCP port 9999');
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

    const suggestions = buildFinalReport(request, { locale: 'en' }).followUp.items.join('\n');

    expect(suggestions).toContain(`\`${command}\``);
  });

  it('cuts long output and says where the full text is', () => {
    const long = 'x'.repeat(20_000);
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '', output: long }]);

    const report = buildFinalReport(request, { locale: 'en' });

    expect(report.resultDetails.items[0]?.length).toBeLessThan(1600);
    expect(report.resultDetails.items[0]).toContain('…');
    expect(report.resultDetails.note).toContain('`/ecs-ext status req-1`');
    expect(report.resultDetails.note).toContain('console');
  });

  it('shows the configuration before the output and cuts a 10 KB output instead of the configuration', () => {
    const configuration = 'Panel URL: http://47.96.1.2:8888/a1b2c3d4\nusername: admin';
    const output = `${'installing packages… '.repeat(500)}done`.slice(0, 10_240);
    const request = finished('Success', [
      { instanceId: I1, status: 'Success', message: '', output, configuration },
    ]);

    const report = buildFinalReport(request, { locale: 'en' });

    const item = report.resultDetails.items[0] ?? '';
    expect(item).toContain(`Configuration:\n\`\`\`${configuration}\`\`\``);
    expect(item.indexOf('Configuration:')).toBeLessThan(item.indexOf('Output:'));
    expect(item).toMatch(/Output:\n```installing packages… [^`]*…```$/);
    expect(item.length).toBeLessThan(1600);
    expect(report.resultDetails.note).toContain('`/ecs-ext status req-1`');
  });

  it('caps a long configuration so the output still gets room', () => {
    const request = finished('Success', [
      {
        instanceId: I1,
        status: 'Success',
        message: '',
        output: 'o'.repeat(5000),
        configuration: 'c'.repeat(5000),
      },
    ]);

    const report = buildFinalReport(request, { locale: 'en' });

    const [configuration = '', output = ''] = (report.resultDetails.items[0] ?? '').split('\nOutput:\n');
    expect(configuration).toMatch(/\nConfiguration:\n```c+…```$/);
    expect(configuration.length).toBeLessThan(1100);
    expect(output).toMatch(/^```o{200,}…```$/);
    expect(report.resultDetails.note).toContain('`/ecs-ext status req-1`');
  });

  it('groups successes when there are many instances and keeps every failure visible', () => {
    const instances: InstanceOutcome[] = Array.from({ length: 50 }, (_, n) => ({
      instanceId: `i-bp1aaaaaaaaaa00000${String(n).padStart(2, '0')}`,
      status: n % 10 === 0 ? 'Failed' : 'Success',
      message: n % 10 === 0 ? 'Command timed out' : '',
      output: 'y'.repeat(500),
    }));
    const request = finished('Failed', instances);

    const report = buildFinalReport(request, { locale: 'en' });

    expect(report.resultDetails.items[0]).toMatch(/^✅ 45 succeeded: /);
    expect(report.resultDetails.items.filter((i) => i.startsWith('❌'))).toHaveLength(5);
    expect(report.resultDetails.items.join('\n').length).toBeLessThan(7000);
    expect(report.failedInstanceIds).toHaveLength(5);
  });

  it('masks credentials of the configuration output and keeps them for the requester only', () => {
    const configuration = [
      '外网面板地址: https://1.2.3.4:8888/abcd',
      'username: admin',
      'password: Pa55w0rd!',
    ].join('\n');
    const request = finished('Success', [
      {
        instanceId: I1,
        status: 'Success',
        message: '',
        configuration,
        output: '{"db_password":"Sup3r","token":"abc123"}',
      },
    ]);

    const report = buildFinalReport(request, { locale: 'en' });

    const channel = allText(report);
    expect(channel).not.toContain('Pa55w0rd!');
    expect(channel).not.toContain('Sup3r');
    expect(channel).not.toContain('abc123');
    expect(channel).toContain('password: ******');
    expect(report.privateText).toContain('Pa55w0rd!');
    expect(report.privateText).toContain('Sup3r');
    expect(report.privateText).toContain('Only you can see this');
  });

  it('reports a cancelled execution', () => {
    const request = finished(
      'Cancelled',
      [
        { instanceId: I1, status: 'Success', message: '' },
        { instanceId: I2, status: 'Cancelled', message: 'The execution was cancelled.' },
      ],
      {},
      'The execution was cancelled.',
    );

    const report = buildFinalReport(request, { locale: 'en' });

    expect(report.outcome).toBe('cancelled');
    expect(report.title).toBe('⏹️ Installation cancelled — Node.js');
    expect(report.failedInstanceIds).toEqual([I2]);
    expect(report.followUp.items.join('\n')).toContain('cancelled');
  });
});

describe('buildPendingReport', () => {
  it('says it timed out and how to check later', () => {
    const base = runningRequest('req-1', 'exec-1', [I1]);
    const execution = base.execution as NonNullable<InstallRequest['execution']>;
    const request: InstallRequest = { ...base, execution: { ...execution, status: 'Running' } };

    const report = buildPendingReport(request, { locale: 'en', timeoutMinutes: 20 });

    const text = allText(report);
    expect(report.outcome).toBe('pending');
    for (const label of REPORT_LABELS) expect(text).toContain(label);
    expect(report.fields[4]?.value).toContain('Pending (timed out after 20 minutes)');
    expect(report.fields[5]?.value).toContain('Not finished yet');
    expect(text).toContain('`/ecs-ext status req-1`');
    expect(text).toContain('`aliyun oos ListExecutions --RegionId cn-hangzhou --ExecutionId exec-1`');
    expect(report.consoleUrl).toBe('https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1');
    expect(report.failedInstanceIds).toEqual([]);
  });

  it('writes decimal timeouts as given', () => {
    const request = runningRequest('req-1', 'exec-1', [I1]);

    const report = buildPendingReport({ ...request, locale: 'zh' }, { locale: 'zh', timeoutMinutes: 0.5 });

    expect(report.fields[4]?.value).toContain('0.5 分钟');
    expect(report.fields[4]?.label).toBe('执行状态 (Execution Status)');
  });

  it('keeps a sub-minute timeout readable instead of rounding it to 0', () => {
    const request = runningRequest('req-1', 'exec-1', [I1]);

    const report = buildPendingReport(request, { locale: 'en', timeoutMinutes: 0.005 });

    expect(report.fields[4]?.value).toContain('Pending (timed out after 0.005 minutes)');
  });
});
