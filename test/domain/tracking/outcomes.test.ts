import { describe, expect, it } from 'vitest';
import type { TaskExecution } from '../../../src/domain/model.js';
import { buildInstanceOutcomes, parseOutputs } from '../../../src/domain/tracking/outcomes.js';
import { makeExecution } from '../../fakes/fake-oos.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';

function child(loopItem: string, status: string, statusMessage = '', outputs?: string): TaskExecution {
  return {
    taskExecutionId: `t-${loopItem}`,
    executionId: 'exec-1',
    taskName: 'configurePackage',
    status,
    statusMessage,
    loopItem,
    outputs,
  };
}

const outputs = {
  commandOutput: [
    { InstanceId: I1, InstanceResult: [{ Package: 'p', PackageResult: 'node v22 installed\n' }] },
  ],
  configurationOutput: [{ InstanceId: I1, InstanceResult: [{ Package: 'p', PackageResult: '' }] }],
};

describe('parseOutputs', () => {
  it('reads the §1.9 lists, also when they arrive as JSON strings', () => {
    const parsed = parseOutputs({ commandOutput: JSON.stringify(outputs.commandOutput) });

    expect(parsed.command.get(I1)).toBe('node v22 installed\n');
    expect(parsed.configuration.size).toBe(0);
  });
});

describe('buildInstanceOutcomes', () => {
  it('takes status from loop children and output from the execution Outputs', () => {
    const execution = makeExecution({
      executionId: 'exec-1',
      status: 'Failed',
      statusMessage: 'one failed',
      outputs,
    });
    const tasks = [
      { ...child('', 'Failed'), loopItem: undefined },
      child(I1, 'Success'),
      child(I2, 'Failed', '', JSON.stringify({ commandOutput: 'E: no space', configurationOutput: '' })),
    ];

    const result = buildInstanceOutcomes([I1, I2], execution, tasks, []);

    expect(result).toEqual([
      { instanceId: I1, status: 'Success', message: '', output: 'node v22 installed\n' },
      { instanceId: I2, status: 'Failed', message: 'one failed', output: 'E: no space' },
    ]);
  });

  it('marks instances without a child as Queued while running and keeps old states when not fetched', () => {
    const execution = makeExecution({ executionId: 'exec-1', status: 'Running' });
    const previous = [{ instanceId: I1, status: 'Running', message: '' }];

    const fetched = buildInstanceOutcomes([I1], execution, [], previous);
    const kept = buildInstanceOutcomes([I1], execution, undefined, previous);

    expect(fetched[0]?.status).toBe('Queued');
    expect(kept[0]?.status).toBe('Running');
  });

  it('ends unfinished instances of a cancelled execution as Cancelled', () => {
    const execution = makeExecution({
      executionId: 'exec-1',
      status: 'Cancelled',
      statusMessage: 'cancelled by user',
    });

    const result = buildInstanceOutcomes(
      [I1, I2],
      execution,
      [child(I1, 'Success'), child(I2, 'Running')],
      [],
    );

    expect(result.map((r) => r.status)).toEqual(['Success', 'Cancelled']);
  });

  it('falls back to the Outputs when per-instance details could not be had', () => {
    const execution = makeExecution({ executionId: 'exec-1', status: 'Success', outputs });

    const result = buildInstanceOutcomes([I1, I2], execution, undefined, []);

    expect(result.map((r) => r.status)).toEqual(['Success', 'Unknown']);
  });
});
