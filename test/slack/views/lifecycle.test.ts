import { describe, expect, it } from 'vitest';
import type { InstallRequest, PreflightInstance } from '../../../src/domain/model.js';
import { buildFinalReport } from '../../../src/domain/tracking/report.js';
import { ActionIds, BlockIds } from '../../../src/slack/ids.js';
import { renderConfirmation } from '../../../src/slack/views/confirmation.js';
import {
  actionBlock,
  lifecycleErrors,
  readActionInput,
  submitLabel,
} from '../../../src/slack/views/install-modal-action.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { renderReport } from '../../../src/slack/views/report.js';
import { makeRequest } from '../../fakes/requests.js';

const A = 'i-bp1aaaaaaaaaaaaaaaaa';
const B = 'i-bp1bbbbbbbbbbbbbbbbb';
const C = 'i-bp1ccccccccccccccccc';

function preflight(instanceId: string, installedVersion?: string): PreflightInstance {
  return {
    instanceId,
    name: 'web',
    osType: 'linux',
    osName: 'Ubuntu 22.04',
    status: 'Running',
    cloudAssistant: 'online',
    ...(installedVersion !== undefined ? { installedVersion } : {}),
  };
}

function uninstallRequest(): InstallRequest {
  return makeRequest({
    action: 'uninstall',
    packageVersion: undefined,
    latestVersion: 'v27',
    instanceIds: [A, B, C],
    preflight: [preflight(A, 'v25'), preflight(B, 'v26'), preflight(C, 'v26')],
  });
}

function buttons(blocks: unknown[]): Array<Record<string, unknown>> {
  return blocks
    .filter((b) => (b as { type: string }).type === 'actions')
    .flatMap((b) => (b as { elements: Array<Record<string, unknown>> }).elements);
}

function finishedInstall(
  outcomes: Array<[string, string]>,
  verified: InstallRequest['verified'],
): InstallRequest {
  return makeRequest({
    action: 'install',
    status: 'succeeded',
    instanceIds: outcomes.map(([id]) => id),
    messageTs: '1700000000.000100',
    execution: {
      executionId: 'exec-1',
      regionId: 'cn-hangzhou',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
      status: 'Success',
      statusMessage: '',
      startedAt: '2025-06-01T10:00:00.000Z',
      endedAt: '2025-06-01T10:02:00.000Z',
      instances: outcomes.map(([instanceId, status]) => ({ instanceId, status, message: '' })),
    },
    ...(verified ? { verified } : {}),
  });
}

describe('confirmation of an uninstall', () => {
  it('names the action, the installed versions it uninstalls, and asks with a danger button', () => {
    const message = renderConfirmation(uninstallRequest(), { locale: 'en' });
    const json = JSON.stringify(message.blocks);

    expect(json).toContain('Uninstall request: Node.js');
    expect(message.text).toMatch(/^Uninstall request: Node.js \(req-/);
    expect(json).toContain('`v26` on 2 instances, `v25` on 1 instance');
    expect(json).toContain('already installed: `v25`, newer `v27` available');
    expect(buttons(message.blocks).find((b) => b.action_id === ActionIds.approve)).toMatchObject({
      style: 'danger',
      value: 'req-abcdefgh',
    });
    expect(checkMessageLimits(message)).toEqual([]);
    expect(message).toMatchSnapshot();
  });

  it('says the same in Chinese', () => {
    const message = renderConfirmation({ ...uninstallRequest(), locale: 'zh' }, { locale: 'zh' });
    const json = JSON.stringify(message.blocks);

    expect(json).toContain('卸载申请：Node.js');
    expect(json).toContain('`v26`：2 个实例');
    expect(json).toContain('已安装：`v25`，有更新版本 `v27`');
    expect(message).toMatchSnapshot();
  });
});

describe('confirmation of an install over an existing one', () => {
  it('flags the instances that already have it, and keeps the primary approve button', () => {
    const request = makeRequest({
      action: 'install',
      latestVersion: 'v27',
      instanceIds: [A, B],
      preflight: [preflight(A, 'v27'), preflight(B)],
    });

    const message = renderConfirmation(request, { locale: 'en' });
    const json = JSON.stringify(message.blocks);

    expect(json).toContain('Install request: Node.js');
    expect(json).toContain('Already installed on 1 instance (marked below)');
    expect(json).toContain(
      `\`${A}\` web · Ubuntu 22.04 · Running · Cloud Assistant online · already installed: \`v27\``,
    );
    expect(json).not.toContain(`${B}\` web · Ubuntu 22.04 · Running · Cloud Assistant online ·`);
    expect(buttons(message.blocks).find((b) => b.action_id === ActionIds.approve)?.style).toBe('primary');
  });

  it('shows a request stored before actions existed as it always did', () => {
    const message = renderConfirmation(makeRequest({ preflight: [preflight(A)] }), { locale: 'en' });

    expect(JSON.stringify(message.blocks)).not.toContain('already installed');
    expect(JSON.stringify(message.blocks)).not.toContain(':package:');
  });
});

describe('report after an install', () => {
  it('shows the version OOS records per instance, flags a success without record, and offers undo', () => {
    const request = finishedInstall(
      [
        [A, 'Success'],
        [B, 'Success'],
      ],
      [
        { instanceId: A, state: 'recorded', version: 'v27' },
        { instanceId: B, state: 'missing' },
      ],
    );

    const message = renderReport(buildFinalReport(request), 'en');
    const json = JSON.stringify(message.blocks);

    expect(json).toContain(`\`${A}\` — succeeded · OOS records \`v27\``);
    expect(json).toContain('1 instance reported success but OOS records no package there');
    expect(json).toContain(`reported success, but OOS records no package here`);
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ActionIds.viewConsole, ActionIds.undo]);
    expect(checkMessageLimits(message)).toEqual([]);
    expect(message).toMatchSnapshot();
  });

  it('groups many successes with the versions OOS records, in Chinese', () => {
    const ids = Array.from({ length: 12 }, (_, n) => `i-bp1cccccccccc00000${String(n).padStart(2, '0')}`);
    const request = finishedInstall(
      ids.map((id) => [id, 'Success']),
      ids.map((instanceId) => ({ instanceId, state: 'recorded' as const, version: 'v27' })),
    );

    const message = renderReport(buildFinalReport({ ...request, locale: 'zh' }), 'zh');
    const json = JSON.stringify(message.blocks);

    expect(json).toContain('OOS 记录为 `v27` (12)');
    expect(buttons(message.blocks).at(-1)).toMatchObject({ action_id: ActionIds.undo, value: request.id });
    expect(message).toMatchSnapshot();
  });

  it('puts the action in the title of an uninstall report and offers no undo', () => {
    const request = { ...finishedInstall([[A, 'Success']], undefined), action: 'uninstall' as const };

    const message = renderReport(buildFinalReport(request), 'en');

    expect(JSON.stringify(message.blocks)).toContain('✅ Uninstall succeeded — Node.js');
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ActionIds.viewConsole]);
  });
});

describe('confirmation of a running or finished uninstall', () => {
  it('says uninstalling and uninstalled instead of installing, in both languages', () => {
    const running: InstallRequest = {
      ...uninstallRequest(),
      status: 'running',
      execution: {
        executionId: 'exec-1',
        regionId: 'cn-hangzhou',
        consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
        status: 'Running',
        statusMessage: '',
        startedAt: '2025-06-01T10:00:00.000Z',
        instances: [{ instanceId: A, status: 'Success', message: '' }],
      },
    };

    const en = JSON.stringify(renderConfirmation(running, { locale: 'en' }).blocks);
    const done = JSON.stringify(
      renderConfirmation({ ...running, status: 'succeeded' }, { locale: 'zh' }).blocks,
    );

    expect(en).toContain('*Uninstalling* — OOS status Running; 1 succeeded');
    expect(en).not.toContain('*Installing*');
    expect(done).toContain('*卸载成功*');
  });
});

describe("the form's action block", () => {
  it('selects what the command named, offers the three actions, and reads the choice back', () => {
    const block = actionBlock('update', 'en');

    expect(block.block_id).toBe(BlockIds.action);
    const element = block.element as { options: Array<{ value: string }>; initial_option: { value: string } };
    expect(element.options.map((o) => o.value)).toEqual(['install', 'update', 'uninstall']);
    expect(element.initial_option.value).toBe('update');
    expect(submitLabel('uninstall', 'zh')).toBe('提交卸载申请');
    expect(
      readActionInput({
        action: { x: { type: 'static_select', selected_option: { value: 'uninstall' } } },
      } as never),
    ).toEqual({ action: 'uninstall' });
  });

  it('offers only the actions the channel allows, keeping the one the command named', () => {
    const options = (action: 'install' | 'uninstall') =>
      (actionBlock(action, 'en', ['install']).element as { options: Array<{ value: string }> }).options.map(
        (o) => o.value,
      );

    expect(options('install')).toEqual(['install']);
    expect(options('uninstall')).toEqual(['install', 'uninstall']);
  });

  it('words the refusals under the instances block, in both languages', () => {
    const problems = [{ code: 'package_not_installed' as const, action: 'uninstall' as const, ids: [A] }];

    expect(lifecycleErrors(problems, 'en')).toEqual({
      instances: `OOS records no such extension on ${A}, so there is nothing to uninstall. Remove these instances from the list.`,
    });
    expect(lifecycleErrors(problems, 'zh').instances).toContain(
      `OOS 在 ${A} 上没有该扩展程序的记录，无法卸载`,
    );
    expect(lifecycleErrors([{ code: 'action_invalid' }], 'en')).toEqual({
      action: 'Pick install, update or uninstall.',
    });
  });
});
