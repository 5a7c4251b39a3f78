import { describe, expect, it } from 'vitest';
import type { Workbench } from '../../../src/domain/lifecycle/workbench.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { renderHome } from '../../../src/slack/views/home.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { makeRequest } from '../../fakes/requests.js';

const I1 = 'i-bp1aaaaaaaaaaaaaaaaa';
const I2 = 'i-bp1bbbbbbbbbbbbbbbbb';

function running(): InstallRequest {
  return makeRequest({
    id: 'req-running1',
    action: 'update',
    status: 'running',
    instanceIds: [I1, I2],
    execution: {
      executionId: 'exec-1',
      regionId: 'cn-hangzhou',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
      status: 'Running',
      statusMessage: '',
      startedAt: '2025-06-01T10:00:00.000Z',
      instances: [
        { instanceId: I1, status: 'Success', message: '' },
        { instanceId: I2, status: 'Running', message: '' },
      ],
    },
  });
}

function workbench(): Workbench {
  return {
    userId: 'U0BOB',
    awaiting: [
      makeRequest({ id: 'req-pending1', reason: 'patch <script> for CVE' }),
      makeRequest({ id: 'req-pending2', action: 'uninstall', requester: 'U0CAROL' }),
    ],
    running: [running()],
    recent: [
      makeRequest({
        id: 'req-done0001',
        status: 'failed',
        execution: {
          ...(running().execution as NonNullable<InstallRequest['execution']>),
          status: 'Failed',
          instances: [
            { instanceId: I1, status: 'Success', message: '' },
            { instanceId: I2, status: 'Failed', message: 'boom' },
          ],
        },
      }),
    ],
  };
}

function elements(view: { blocks: unknown[] }): Array<Record<string, unknown>> {
  return view.blocks
    .filter((b) => (b as { type: string }).type === 'actions')
    .flatMap((b) => (b as { elements: Array<Record<string, unknown>> }).elements);
}

describe('renderHome', () => {
  it('shows the approver the requests waiting for them with the channel buttons, running installs and outcomes', () => {
    const view = renderHome(workbench(), 'en');
    const json = JSON.stringify(view);

    const approvals = elements(view).filter((e) => e.action_id === ActionIds.approve);
    expect(approvals.map((e) => [e.value, e.style])).toEqual([
      ['req-pending1', 'primary'],
      ['req-pending2', 'danger'],
    ]);
    expect(
      elements(view)
        .filter((e) => e.action_id === ActionIds.reject)
        .map((e) => e.value),
    ).toEqual(['req-pending1', 'req-pending2']);
    expect(elements(view).some((e) => e.action_id === ActionIds.homeInstalled)).toBe(true);
    expect(json).toContain('*Waiting for your approval* (2)');
    expect(json).toContain('patch &lt;script&gt; for CVE');
    expect(json).toContain('Update Node.js · 1/2 done · `req-running1`');
    expect(json).toContain(
      '`req-done0001` Install Node.js → 1 × `cn-hangzhou` · *failed* — 1 succeeded · 1 failed',
    );
    expect(checkMessageLimits({ text: 'home', blocks: view.blocks as never })).toEqual([]);
    expect(view).toMatchSnapshot();
  });

  it('says so when nothing waits, runs or was asked, in Chinese', () => {
    const view = renderHome({ userId: 'U0BOB', awaiting: [], running: [], recent: [] }, 'zh');
    const json = JSON.stringify(view);

    expect(json).toContain('没有等待你审批的申请。');
    expect(json).toContain('没有与你相关的正在执行的任务。');
    expect(json).toContain('你还没有提交过申请。');
    expect(json).toContain('查看实例上已安装…');
    expect(view).toMatchSnapshot();
  });

  it('stays within 100 blocks with every list full', () => {
    const many = (prefix: string, n: number, fields: Partial<InstallRequest> = {}) =>
      Array.from({ length: n }, (_, i) => makeRequest({ id: `req-${prefix}${i}`, ...fields }));
    const view = renderHome(
      {
        userId: 'U0BOB',
        awaiting: many('a', 10),
        running: many('r', 10, { status: 'starting' }),
        recent: many('d', 8),
      },
      'en',
    );

    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(elements(view).filter((e) => e.action_id === ActionIds.approve)).toHaveLength(10);
  });
});
