import { describe, expect, it } from 'vitest';
import {
  parseJsonObject,
  parseTemplateContent,
  toExecution,
  toTaskExecution,
  toTemplateSummary,
} from '../../src/cloud/oos-normalise.js';
import { OosExecution } from '../../src/cloud/oos-schemas.js';

const parameters = {
  regionId: 'cn-hangzhou',
  action: 'install',
  packageName: 'ACS-Extension-node-1853370294850618',
  targets: {
    Type: 'ResourceIds',
    ResourceIds: ['i-bp1abcdefghij0123456', 'i-bp1abcdefghij0123457'],
    RegionId: 'cn-hangzhou',
  },
};

describe('toExecution', () => {
  it('reads Parameters given as an object (ListExecutions) and Outputs as a JSON string', () => {
    const wire = OosExecution.parse({
      ExecutionId: 'exec-1',
      TemplateName: 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL',
      Status: 'Success',
      StatusMessage: '',
      Parameters: parameters,
      Outputs: '{"commandOutput":[{"InstanceId":"i-bp1abcdefghij0123456"}]}',
      EndDate: '2025-06-01T10:04:12Z',
      WaitingStatus: '',
      Tags: { 'ecs-ext': 'req-1' },
    });

    const execution = toExecution(wire);

    expect(execution).toMatchObject({
      executionId: 'exec-1',
      status: 'Success',
      packageName: 'ACS-Extension-node-1853370294850618',
      resourceIds: ['i-bp1abcdefghij0123456', 'i-bp1abcdefghij0123457'],
      outputs: { commandOutput: [{ InstanceId: 'i-bp1abcdefghij0123456' }] },
      endDate: '2025-06-01T10:04:12Z',
      tags: { 'ecs-ext': 'req-1' },
    });
    expect(execution.waitingStatus).toBeUndefined();
  });

  it('reads Parameters given as a JSON string (StartExecution)', () => {
    const wire = OosExecution.parse({
      ExecutionId: 'exec-2',
      Status: 'Started',
      Parameters: JSON.stringify(parameters),
      Outputs: '{}',
    });

    const execution = toExecution(wire);

    expect(execution.parameters).toEqual(parameters);
    expect(execution.resourceIds).toHaveLength(2);
    expect(execution.outputs).toEqual({});
  });

  it('falls back to Targets for the instance ids', () => {
    const wire = OosExecution.parse({
      ExecutionId: 'exec-3',
      Status: 'Running',
      Parameters: { packageName: '' },
      Targets:
        '{"ResourceType":"ALIYUN::ECS::Instance","Filters":[{"Type":"ResourceIds","ResourceIds":["i-a1","i-a2"],"RegionId":"cn-hangzhou"}]}',
    });

    const execution = toExecution(wire);

    expect(execution.resourceIds).toEqual(['i-a1', 'i-a2']);
    expect(execution.packageName).toBeUndefined();
  });

  it('tolerates missing and malformed optional fields', () => {
    const wire = OosExecution.parse({
      ExecutionId: 'exec-4',
      Status: 'Queued',
      Parameters: 'not json',
      Outputs: 42,
      StartDate: null,
    });

    const execution = toExecution(wire);

    expect(execution).toMatchObject({
      parameters: {},
      outputs: {},
      resourceIds: [],
      tags: {},
      statusMessage: '',
      templateName: '',
    });
  });

  it('reads Tags given as a Key/Value list', () => {
    const wire = OosExecution.parse({
      ExecutionId: 'exec-5',
      Status: 'Running',
      Tags: [{ Key: 'a', Value: 'b' }],
    });

    const execution = toExecution(wire);

    expect(execution.tags).toEqual({ a: 'b' });
  });
});

describe('parseTemplateContent', () => {
  it('parses JSON content', () => {
    const content = parseTemplateContent(
      '{"FormatVersion":"OOS-2019-06-01","Parameters":{"version":{"Type":"String"}}}',
      'JSON',
    );

    expect(content).toEqual({ FormatVersion: 'OOS-2019-06-01', Parameters: { version: { Type: 'String' } } });
  });

  it('parses YAML content', () => {
    const content = parseTemplateContent(
      'FormatVersion: OOS-2019-06-01\nParameters:\n  port:\n    Type: Number\n    Default: 8080\n',
      'YAML',
    );

    expect(content).toEqual({
      FormatVersion: 'OOS-2019-06-01',
      Parameters: { port: { Type: 'Number', Default: 8080 } },
    });
  });

  it('falls back to YAML when the declared JSON format is wrong', () => {
    const content = parseTemplateContent('Parameters: {}\n', 'JSON');

    expect(content).toEqual({ Parameters: {} });
  });

  it('rejects content that is not a mapping', () => {
    const act = () => parseTemplateContent('- a\n- b\n', undefined);

    expect(act).toThrow(/neither/);
  });
});

describe('toTemplateSummary and toTaskExecution', () => {
  it('stringifies object Constraints and drops empty optionals', () => {
    const summary = toTemplateSummary({
      TemplateName: 'ACS-Extension-x-1',
      Constraints: { OSPlatforms: ['Ubuntu'] },
      Publisher: '',
    });

    expect(summary).toMatchObject({
      templateName: 'ACS-Extension-x-1',
      templateId: '',
      constraints: '{"OSPlatforms":["Ubuntu"]}',
    });
    expect(summary.publisher).toBeUndefined();
  });

  it('keeps the loop item and outputs of a task', () => {
    const task = toTaskExecution({
      TaskExecutionId: 'exec-1.t0003.i1',
      ExecutionId: 'exec-1',
      TaskName: 'configurePackage',
      Status: 'Failed',
      StatusMessage: 'script exit 1',
      LoopItem: 'i-a1',
      Outputs: { result: 'x' },
      ChildExecutionId: '',
    });

    expect(task).toMatchObject({
      loopItem: 'i-a1',
      outputs: '{"result":"x"}',
      statusMessage: 'script exit 1',
    });
    expect(task.childExecutionId).toBeUndefined();
  });
});

describe('parseJsonObject', () => {
  it('returns {} for arrays', () => {
    const parsed = parseJsonObject('[1,2]');

    expect(parsed).toEqual({});
  });
});
