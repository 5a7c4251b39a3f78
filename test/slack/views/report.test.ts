import { describe, expect, it } from 'vitest';
import type { InstallRequest, InstanceOutcome, Locale } from '../../../src/domain/model.js';
import { buildFinalReport, buildPendingReport } from '../../../src/domain/tracking/report.js';
import { messagesFor } from '../../../src/slack/i18n/messages.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { renderReport, type TrackingMessage } from '../../../src/slack/views/report.js';
import { runningRequest } from '../../domain/tracking/tracking-fixtures.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';

/** The contract's report labels, in order. */
const LABELS = [
  'Extension Name',
  'Installation Target',
  'Installation Parameters',
  'Execution ID',
  'Execution Status',
  'Completion Time',
  'Result Details',
  'Follow-up Suggestions',
];

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

/** Every text object of the message, in order. */
function texts(message: TrackingMessage): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') found.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return found;
}

/** The value under a bold label (`*Label*\n value`). */
function field(message: TrackingMessage, label: string): string {
  const head = `*${label}*\n`;
  const text = texts(message).find((t) => t.startsWith(head)) ?? '';
  return text.slice(head.length);
}

/** The Result Details lines (every section after the heading, up to the suggestions). */
function details(message: TrackingMessage, label = 'Result Details'): string {
  return field(message, label);
}

function render(request: InstallRequest, locale: Locale = 'en'): TrackingMessage {
  return renderReport(buildFinalReport(request), locale);
}

describe('renderReport', () => {
  it('carries every label of the contract, in English and in Chinese', () => {
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }]);

    const en = texts(render(request)).join('\n');
    const zh = texts(render({ ...request, locale: 'zh' }, 'zh')).join('\n');

    for (const label of LABELS) {
      expect(en).toContain(`*${label}*`);
      expect(zh).toContain(`(${label})*`);
    }
    expect(Object.values(messagesFor('en').report.labels)).toEqual(LABELS);
    expect(zh).toContain('扩展名称');
  });

  it('fills the fields from the request and its execution', () => {
    const request = finished('Success', [
      { instanceId: I1, status: 'Success', message: '', output: 'node v22.13.1 installed' },
      { instanceId: I2, status: 'Success', message: '' },
    ]);

    const message = render(request);

    expect(texts(message)[0]).toBe('✅ Installation succeeded — Node.js');
    expect(field(message, 'Extension Name')).toBe('Node.js (`ACS-Extension-node-1853370294850618` v27)');
    expect(field(message, 'Installation Target')).toBe(
      `Region \`cn-hangzhou\`, 2 instances: \`${I1}\`, \`${I2}\``,
    );
    expect(field(message, 'Installation Parameters')).toContain('"version": "v22.13.1"');
    expect(field(message, 'Execution ID')).toBe('`exec-1`');
    expect(field(message, 'Execution Status')).toBe('`Success`\n2/2 done, 2 succeeded');
    expect(field(message, 'Completion Time')).toBe('2025-06-01 10:04:12 UTC (took 4 min 12 s)');
    expect(details(message).split('\n').slice(0, 3).join('\n')).toBe(
      `✅ \`${I1}\` — succeeded\nOutput:\n\`\`\`node v22.13.1 installed\`\`\``,
    );
    expect(field(message, 'Follow-up Suggestions')).toContain('`node -v`');
    expect(message.text).toBe('<@U0REQUESTER> Node.js: installation succeeded (2 of 2 instances succeeded)');
    expect(message.privateText).toBeUndefined();
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says the report in Chinese from the Chinese catalog', () => {
    const request = finished('Failed', [{ instanceId: I1, status: 'Failed', message: 'disk full' }], {
      locale: 'zh',
    });

    const message = render(request, 'zh');

    expect(texts(message)[0]).toBe('❌ 安装失败 — Node.js');
    expect(field(message, '结果详情 (Result Details)')).toContain(`❌ \`${I1}\` — 失败：disk full`);
    expect(field(message, '后续建议 (Follow-up Suggestions)')).toContain('`df -h`');
    expect(message.text).toBe('<@U0REQUESTER> Node.js：安装失败（0/1 台实例成功）');
  });

  it('shows the parameters JSON with secret values masked and long id lists shortened', () => {
    const ids = Array.from({ length: 8 }, (_, n) => `i-bp1aaaaaaaaaa000000${n}`);
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '' }], {
      secretParameterNames: ['adminPass'],
      startParameters: JSON.stringify({
        packageName: 'p',
        targets: { ResourceIds: ids },
        parameters: { adminPass: 'hunter22', apiToken: 't0k3n' },
      }),
    });

    const value = field(render(request), 'Installation Parameters');

    expect(value).not.toContain('hunter22');
    expect(value).not.toContain('t0k3n');
    expect(value).toContain('"adminPass": "******"');
    expect(value).toContain('"…+5"');
    expect(value).not.toContain(ids[7]);
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

    const message = render(request);

    expect(texts(message)[0]).toBe('⚠️ Installation partly failed — Node.js');
    expect(details(message)).toContain(
      `❌ \`${I2}\` — failed: Cloud Assistant of the instance is offline (heartbeat lost).`,
    );
    const suggestions = field(message, 'Follow-up Suggestions');
    expect(suggestions).toContain('systemctl status aliyun.service');
    expect(suggestions).toContain('Retry failed instances');
    expect(JSON.stringify(message.blocks)).toContain('"Retry failed instances (1)"');
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

    const byDefault = field(render(withDefault), 'Follow-up Suggestions');
    const byParameter = field(render(withPort), 'Follow-up Suggestions');

    expect(byDefault).toContain('TCP port 8888');
    expect(byDefault).toContain('`bt default`');
    expect(byParameter).toContain('TCP port 9999');
  });

  it('cuts long output and says where the full text is', () => {
    const long = 'x'.repeat(20_000);
    const request = finished('Success', [{ instanceId: I1, status: 'Success', message: '', output: long }]);

    const message = render(request);

    const item = details(message);
    expect(item.length).toBeLessThan(1600);
    expect(item).toContain('…');
    const note = texts(message).find((t) => t.startsWith('Some output was shortened')) ?? '';
    expect(note).toContain('`/ecs-ext status req-1`');
    expect(note).toContain('console');
  });

  it('shows the configuration before the output and cuts a 10 KB output instead of the configuration', () => {
    const configuration = 'Panel URL: http://47.96.1.2:8888/a1b2c3d4\nusername: admin';
    const output = `${'installing packages… '.repeat(500)}done`.slice(0, 10_240);
    const request = finished('Success', [
      { instanceId: I1, status: 'Success', message: '', output, configuration },
    ]);

    const item = details(render(request));

    expect(item).toContain(`Configuration:\n\`\`\`${configuration}\`\`\``);
    expect(item.indexOf('Configuration:')).toBeLessThan(item.indexOf('Output:'));
    expect(item).toMatch(/Output:\n```installing packages… [^`]*…```$/);
    expect(item.length).toBeLessThan(1600);
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

    const [configuration = '', output = ''] = details(render(request)).split('\nOutput:\n');

    expect(configuration).toMatch(/\nConfiguration:\n```c+…```$/);
    expect(configuration.length).toBeLessThan(1100);
    expect(output).toMatch(/^```o{200,}…```$/);
  });

  it('escapes Slack markup in outputs and messages so they cannot mention or link', () => {
    const request = finished('Failed', [
      {
        instanceId: I1,
        status: 'Failed',
        message: 'see <!channel> & <http://x|y>',
        output: '<@U0OTHER> ran',
      },
    ]);

    const item = details(render(request));

    expect(item).toContain('see &lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    expect(item).toContain('```&lt;@U0OTHER&gt; ran```');
  });

  it('groups successes when there are many instances and keeps every failure visible', () => {
    const instances: InstanceOutcome[] = Array.from({ length: 50 }, (_, n) => ({
      instanceId: `i-bp1aaaaaaaaaa00000${String(n).padStart(2, '0')}`,
      status: n % 10 === 0 ? 'Failed' : 'Success',
      message: n % 10 === 0 ? 'Command timed out' : '',
      output: 'y'.repeat(500),
    }));

    const message = render(finished('Failed', instances));

    const lines = texts(message).filter((t) => t.startsWith('*Result Details*') || t.startsWith('❌'));
    const all = lines.join('\n');
    expect(all).toMatch(/\*Result Details\*\n✅ 45 succeeded: /);
    expect(all.match(/^❌ /gm)).toHaveLength(5);
    expect(checkMessageLimits(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('"Retry failed instances (5)"');
  });

  it('masks credentials in the channel and gives them to the requester privately', () => {
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

    const message = render(request);

    const channel = JSON.stringify(message.blocks) + message.text;
    expect(channel).not.toContain('Pa55w0rd!');
    expect(channel).not.toContain('Sup3r');
    expect(channel).not.toContain('abc123');
    expect(channel).toContain('password: ******');
    expect(message.privateText).toContain('Pa55w0rd!');
    expect(message.privateText).toContain('Sup3r');
    expect(message.privateText).toContain('Only you can see this');
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

    const message = render(request);

    expect(texts(message)[0]).toBe('⏹️ Installation cancelled — Node.js');
    expect(field(message, 'Follow-up Suggestions')).toContain('The execution was cancelled');
  });
});

describe('renderReport of a pending report', () => {
  it('says it timed out and how to check later, without a retry button', () => {
    const base = runningRequest('req-1', 'exec-1', [I1]);
    const execution = base.execution as NonNullable<InstallRequest['execution']>;
    const request: InstallRequest = { ...base, execution: { ...execution, status: 'Running' } };

    const message = renderReport(buildPendingReport(request, 20), 'en');

    const text = texts(message).join('\n');
    for (const label of LABELS) expect(text).toContain(label);
    expect(field(message, 'Execution Status')).toContain('Pending (timed out after 20 minutes)');
    expect(field(message, 'Completion Time')).toContain('Not finished yet');
    expect(text).toContain('`/ecs-ext status req-1`');
    expect(text).toContain('`aliyun oos ListExecutions --RegionId cn-hangzhou --ExecutionId exec-1`');
    expect(JSON.stringify(message.blocks)).toContain(
      'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
    );
    expect(JSON.stringify(message.blocks)).not.toContain('retry_failed');
  });

  it('writes decimal timeouts as given', () => {
    const request = runningRequest('req-1', 'exec-1', [I1], { locale: 'zh' });

    const message = renderReport(buildPendingReport(request, 0.5), 'zh');

    expect(field(message, '执行状态 (Execution Status)')).toContain('0.5 分钟');
  });

  it('keeps a sub-minute timeout readable instead of rounding it to 0', () => {
    const request = runningRequest('req-1', 'exec-1', [I1]);

    const message = renderReport(buildPendingReport(request, 0.005), 'en');

    expect(field(message, 'Execution Status')).toContain('Pending (timed out after 0.005 minutes)');
  });
});
