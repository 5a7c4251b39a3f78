import type { ViewOutput } from '@slack/bolt';
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { InstallFormData } from '../../../src/domain/install/types.js';
import type { Region } from '../../../src/domain/model.js';
import { ActionIds, BlockIds, CallbackIds } from '../../../src/slack/ids.js';
import {
  formDataFromView,
  installErrorView,
  installFormView,
  loadingView,
  readSubmission,
} from '../../../src/slack/views/install-modal.js';
import { checkViewLimits } from '../../../src/slack/views/limits.js';
import { instanceId, packageDetails, param, stateValue } from './install-fixtures.js';

const regions: Region[] = [
  { regionId: 'cn-hangzhou', localName: '华东1（杭州）' },
  { regionId: 'cn-shanghai', localName: '华东2（上海）' },
];

function formData(overrides: Partial<InstallFormData> = {}): InstallFormData {
  return { regions, regionId: 'cn-shanghai', instanceIds: [instanceId(1), instanceId(2)], ...overrides };
}

function input(view: ModalView, blockId: string): InputBlock {
  const block = view.blocks.find((b) => (b as KnownBlock).block_id === blockId);
  if (block?.type !== 'input') throw new Error(`no input block ${blockId}`);
  return block as InputBlock;
}

function element(view: ModalView, blockId: string): Record<string, unknown> {
  return input(view, blockId).element as unknown as Record<string, unknown>;
}

/** A submitted view: the given state values plus the metadata the form set. */
function submitted(
  values: ViewOutput['state']['values'],
  metadata = '{"channelId":"C0CHANNEL","locale":"zh"}',
) {
  return { state: { values }, private_metadata: metadata };
}

describe('loadingView', () => {
  it('is a modal of the install callback with no inputs, within limits', () => {
    const view = loadingView('en');

    expect(view.callback_id).toBe(CallbackIds.installRequest);
    expect(view.blocks.some((b) => b.type === 'input')).toBe(false);
    expect(JSON.stringify(view)).toContain('Loading');
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('speaks Chinese', () => {
    const view = loadingView('zh');

    expect(JSON.stringify(view)).toContain('正在加载');
  });
});

describe('installErrorView', () => {
  it('says the form could not load and shows the reason', () => {
    const view = installErrorView('en', 'The bot is not allowed to call ECS DescribeRegions.');

    expect(JSON.stringify(view)).toContain('could not be loaded');
    expect(JSON.stringify(view)).toContain('DescribeRegions');
    expect(checkViewLimits(view)).toEqual([]);
  });
});

describe('installFormView', () => {
  it('has the contract inputs, submit/close buttons and the channel in private_metadata', () => {
    const view = installFormView(formData(), { locale: 'en', channelId: 'C0CHANNEL' });

    expect(view.callback_id).toBe('install_request');
    expect(view.submit?.text.length).toBeLessThanOrEqual(24);
    expect(view.close?.text.length).toBeLessThanOrEqual(24);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ channelId: 'C0CHANNEL', locale: 'en' });
    for (const id of [
      BlockIds.region,
      BlockIds.instances,
      BlockIds.package,
      BlockIds.concurrency,
      BlockIds.maxErrors,
    ]) {
      expect(input(view, id)).toBeDefined();
    }
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('offers the regions with their ids as values and preselects the form region', () => {
    const view = installFormView(formData(), { locale: 'en', channelId: 'C1' });

    const region = element(view, BlockIds.region);
    expect(region.type).toBe('static_select');
    expect((region.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
      'cn-hangzhou',
      'cn-shanghai',
    ]);
    expect((region.initial_option as { value: string }).value).toBe('cn-shanghai');
  });

  it('keeps at most 100 regions and never drops the selected one', () => {
    const many = Array.from({ length: 130 }, (_, i) => ({
      regionId: `xx-region-${i}`,
      localName: `Region ${i}`,
    }));

    const view = installFormView(formData({ regions: many, regionId: 'xx-region-120' }), {
      locale: 'en',
      channelId: 'C1',
    });

    const options = element(view, BlockIds.region).options as Array<{ value: string }>;
    expect(options).toHaveLength(100);
    expect(options.map((o) => o.value)).toContain('xx-region-120');
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('prefills instance ids one per line, 50 of them within limits', () => {
    const ids = Array.from({ length: 50 }, (_, i) => instanceId(i));

    const view = installFormView(formData({ instanceIds: ids }), { locale: 'en', channelId: 'C1' });

    const instances = element(view, BlockIds.instances);
    expect(instances.type).toBe('plain_text_input');
    expect(instances.multiline).toBe(true);
    expect((instances.initial_value as string).split('\n')).toEqual(ids);
    expect(JSON.stringify(input(view, BlockIds.instances).hint)).toContain('50');
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('has an optional instance picker and a package select that dispatches changes', () => {
    const view = installFormView(formData(), { locale: 'en', channelId: 'C1' });

    expect(element(view, BlockIds.instancePicker)).toMatchObject({
      type: 'multi_external_select',
      action_id: ActionIds.instancePicker,
      min_query_length: 0,
    });
    expect(input(view, BlockIds.instancePicker).optional).toBe(true);
    expect(input(view, BlockIds.package).dispatch_action).toBe(true);
    expect(element(view, BlockIds.package)).toMatchObject({
      type: 'external_select',
      action_id: ActionIds.packageSelect,
      min_query_length: 0,
    });
  });

  it('shows no param blocks before a package is known', () => {
    const view = installFormView(formData(), { locale: 'en', channelId: 'C1' });

    expect(view.blocks.some((b) => (b as KnownBlock).block_id?.startsWith('param:'))).toBe(false);
    expect(JSON.stringify(view)).toContain('Choose an extension');
  });

  it('includes the param blocks of a known package in the first view, with the package preselected', () => {
    const details = packageDetails();

    const view = installFormView(formData({ package: details }), { locale: 'en', channelId: 'C1' });

    const params = view.blocks.filter((b) => (b as KnownBlock).block_id?.startsWith('param:'));
    expect(params.map((b) => (b as KnownBlock).block_id)).toEqual(
      details.parameters.map((p) => `param:${p.name}`),
    );
    expect((element(view, BlockIds.package).initial_option as { value: string }).value).toBe(
      details.package.templateName,
    );
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('renders each parameter type with the right element and its default', () => {
    const view = installFormView(formData({ package: packageDetails() }), { locale: 'en', channelId: 'C1' });

    expect(element(view, 'param:Endpoint')).toMatchObject({
      type: 'plain_text_input',
      initial_value: 'https://example.com',
      max_length: 200,
    });
    expect(element(view, 'param:Port')).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: false,
      initial_value: '8080',
      min_value: '1',
      max_value: '65535',
    });
    expect(element(view, 'param:Ratio')).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: true,
      initial_value: '0.5',
    });
    expect(element(view, 'param:EnableTls')).toMatchObject({
      type: 'static_select',
      initial_option: { value: 'true' },
    });
    expect(element(view, 'param:Edition')).toMatchObject({
      type: 'static_select',
      initial_option: { value: 'pro' },
    });
    expect((element(view, 'param:Edition').options as Array<{ value: string }>).map((o) => o.value)).toEqual([
      'basic',
      'pro',
    ]);
    expect(element(view, 'param:Tags')).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(JSON.parse(element(view, 'param:Tags').initial_value as string)).toEqual(['a', 'b']);
    expect(JSON.parse(element(view, 'param:Settings').initial_value as string)).toEqual({ level: 'info' });
    expect(JSON.stringify(input(view, 'param:Settings').hint)).toContain('valid JSON');
  });

  it('uses the localized label (falling back to the name), the description as hint, and optional = !required', () => {
    const view = installFormView(formData({ package: packageDetails() }), { locale: 'zh', channelId: 'C1' });

    const endpoint = input(view, 'param:Endpoint');
    expect(endpoint.label.text).toContain('接入地址');
    expect(endpoint.hint?.text).toContain('上报地址');
    expect(endpoint.optional).toBe(true);
    expect(input(view, 'param:Port').label.text).toBe('Port');
    expect(input(view, 'param:ApiKey').optional).toBe(false);
  });

  it('never shows a secret default, in the input or in the hint', () => {
    const view = installFormView(formData({ package: packageDetails() }), { locale: 'en', channelId: 'C1' });

    expect(JSON.stringify(view)).not.toContain('hunter2-default');
    expect(element(view, 'param:Password').initial_value).toBeUndefined();
    expect(input(view, 'param:Password').hint?.text).toContain('******');
  });

  it('keeps 20 parameters and the advanced inputs within 100 blocks', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => param({ name: `P${i}`, default: `v${i}` }));

    const view = installFormView(formData({ package: packageDetails(twenty) }), {
      locale: 'en',
      channelId: 'C1',
    });

    expect(view.blocks.filter((b) => (b as KnownBlock).block_id?.startsWith('param:'))).toHaveLength(20);
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('says so when a package has more parameters than a modal can hold', () => {
    const many = Array.from({ length: 150 }, (_, i) => param({ name: `P${i}` }));

    const view = installFormView(formData({ package: packageDetails(many) }), {
      locale: 'en',
      channelId: 'C1',
    });

    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).toContain('150 parameters');
    expect(input(view, BlockIds.maxErrors)).toBeDefined();
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('shows the form notice and an error notice at the top', () => {
    const view = installFormView(formData({ notices: [{ code: 'no_package_matched', words: 'foo <b>' }] }), {
      locale: 'en',
      channelId: 'C1',
      errorsNotice: 'Details could not be loaded.',
    });

    const text = JSON.stringify(view.blocks.slice(0, 2));
    expect(text).toContain('No extension matched \\"foo &lt;b&gt;\\"; pick one below.');
    expect(text).toContain('Details could not be loaded.');
  });

  it('matches the snapshot', () => {
    const view = installFormView(formData({ package: packageDetails() }), {
      locale: 'en',
      channelId: 'C0CHANNEL',
    });

    expect(view).toMatchSnapshot();
  });
});

describe('installFormView with the values of an earlier request', () => {
  const earlier: Record<string, string> = {
    Endpoint: 'https://other.example.com',
    Port: '9090',
    Ratio: '0.75',
    EnableTls: 'false',
    Edition: 'basic',
    Tags: '["x","y"]',
    Settings: '{"level":"debug"}',
  };

  it('shows them instead of the defaults in every element type, with Concurrency and MaxErrors', () => {
    const data = formData({
      package: packageDetails(),
      parameterValues: earlier,
      concurrency: 4,
      maxErrors: 2,
    });

    const view = installFormView(data, { locale: 'en', channelId: 'C1' });

    expect(element(view, 'param:Endpoint')).toMatchObject({ initial_value: 'https://other.example.com' });
    expect(element(view, 'param:Port')).toMatchObject({ type: 'number_input', initial_value: '9090' });
    expect(element(view, 'param:Ratio')).toMatchObject({ type: 'number_input', initial_value: '0.75' });
    expect(element(view, 'param:EnableTls')).toMatchObject({ initial_option: { value: 'false' } });
    expect(element(view, 'param:Edition')).toMatchObject({ initial_option: { value: 'basic' } });
    expect(element(view, 'param:Tags').initial_value).toBe('[\n  "x",\n  "y"\n]');
    expect(JSON.parse(element(view, 'param:Settings').initial_value as string)).toEqual({ level: 'debug' });
    expect(element(view, BlockIds.concurrency).initial_value).toBe('4');
    expect(element(view, BlockIds.maxErrors).initial_value).toBe('2');
    expect(JSON.stringify(view)).toContain('The values of the original request are filled in');
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('leaves secret parameters empty and asks to type them again', () => {
    const data = formData({ package: packageDetails(), parameterValues: { ...earlier, Password: 'leaked' } });

    const view = installFormView(data, { locale: 'en', channelId: 'C1' });
    const zh = installFormView(data, { locale: 'zh', channelId: 'C1' });

    expect(JSON.stringify(view)).not.toContain('leaked');
    for (const name of ['param:Password', 'param:ApiKey']) {
      expect(element(view, name).initial_value).toBeUndefined();
      expect(input(view, name).hint?.text).toContain('type it again');
      expect(input(zh, name).hint?.text).toContain('请重新输入');
    }
    expect(input(view, 'param:Password').hint?.text).toContain('leave empty for the template default');
  });

  it('falls back to the default when an element cannot show the earlier value', () => {
    const data = formData({
      package: packageDetails(),
      parameterValues: {
        Endpoint: `https://${'a'.repeat(300)}.example.com`,
        Port: '70000',
        Ratio: 'fast',
        EnableTls: 'maybe',
        Edition: 'enterprise',
      },
      concurrency: 0,
      maxErrors: 1.5,
    });

    const view = installFormView(data, { locale: 'en', channelId: 'C1' });

    expect(element(view, 'param:Endpoint').initial_value).toBe('https://example.com');
    expect(element(view, 'param:Port').initial_value).toBe('8080');
    expect(element(view, 'param:Ratio').initial_value).toBe('0.5');
    expect(element(view, 'param:EnableTls')).toMatchObject({ initial_option: { value: 'true' } });
    expect(element(view, 'param:Edition')).toMatchObject({ initial_option: { value: 'pro' } });
    expect(element(view, BlockIds.concurrency).initial_value).toBe('1');
    expect(element(view, BlockIds.maxErrors).initial_value).toBe('0');
  });

  it('keeps an integer parameter at its default when the earlier value is not whole', () => {
    const data = formData({ package: packageDetails(), parameterValues: { Port: '80.5' } });

    const view = installFormView(data, { locale: 'en', channelId: 'C1' });

    expect(element(view, 'param:Port').initial_value).toBe('8080');
  });

  it('does not apply them to a package chosen afterwards', () => {
    const other = packageDetails([param({ name: 'Endpoint', default: 'https://default.example.com' })]);
    const data = formData({ package: packageDetails(), parameterValues: earlier });

    const view = installFormView(data, { locale: 'en', channelId: 'C1', package: other });

    expect(element(view, 'param:Endpoint').initial_value).toBe('https://default.example.com');
    expect(JSON.stringify(view)).toContain('Defaults are filled in');
  });

  it('says nothing about typing secrets again in a fresh form', () => {
    const view = installFormView(formData({ package: packageDetails() }), { locale: 'en', channelId: 'C1' });

    expect(JSON.stringify(view)).not.toContain('type it again');
    expect(element(view, BlockIds.concurrency).initial_value).toBe('1');
    expect(element(view, BlockIds.maxErrors).initial_value).toBe('0');
  });
});

describe('readSubmission', () => {
  it('reads every element type by block id, whatever the action id', () => {
    const view = submitted({
      region: {
        anything: stateValue({
          type: 'static_select',
          selected_option: { text: t('x'), value: 'cn-beijing' },
        }),
      },
      instances: { a: stateValue({ type: 'plain_text_input', value: 'i-1, i-2\ni-3' }) },
      instance_picker: {
        b: stateValue({
          type: 'multi_external_select',
          selected_options: [
            { text: t('a'), value: 'i-4' },
            { text: t('b'), value: 'i-5' },
          ],
        }),
      },
      package: {
        c: stateValue({ type: 'external_select', selected_option: { text: t('p'), value: 'ACS-Demo' } }),
      },
      'param:Text': { d: stateValue({ type: 'plain_text_input', value: 'hello' }) },
      'param:Empty': { e: stateValue({ type: 'plain_text_input', value: null }) },
      'param:Count': { f: stateValue({ type: 'number_input', value: '3' }) },
      'param:Flag': {
        g: stateValue({ type: 'static_select', selected_option: { text: t('Yes'), value: 'true' } }),
      },
      'param:Unset': { h: stateValue({ type: 'static_select', selected_option: null }) },
      'param:Mode': {
        i: stateValue({ type: 'radio_buttons', selected_option: { text: t('Fast'), value: 'fast' } }),
      },
      concurrency: { j: stateValue({ type: 'number_input', value: '5' }) },
      max_errors: { k: stateValue({ type: 'number_input', value: '0' }) },
    });

    const submission = readSubmission(view, 'U0ALICE', 'T0TEAM');

    expect(submission).toEqual({
      requester: 'U0ALICE',
      teamId: 'T0TEAM',
      channelId: 'C0CHANNEL',
      locale: 'zh',
      regionId: 'cn-beijing',
      instancesText: 'i-1, i-2\ni-3',
      pickedInstanceIds: ['i-4', 'i-5'],
      packageName: 'ACS-Demo',
      parameterValues: {
        Text: 'hello',
        Empty: undefined,
        Count: '3',
        Flag: 'true',
        Unset: undefined,
        Mode: 'fast',
      },
      concurrency: '5',
      maxErrors: '0',
    });
  });

  it('round-trips the defaults of a rendered form', () => {
    const view = installFormView(
      formData({ package: packageDetails([param({ name: 'Port', type: 'Integer', default: 80 })]) }),
      { locale: 'en', channelId: 'C9' },
    );
    const values = {
      region: {
        [ActionIds.regionSelect]: stateValue({
          type: 'static_select',
          selected_option: { text: t('r'), value: 'cn-shanghai' },
        }),
      },
      instances: {
        [ActionIds.instancesInput]: stateValue({
          type: 'plain_text_input',
          value: element(view, 'instances').initial_value as string,
        }),
      },
      package: {
        [ActionIds.packageSelect]: stateValue({
          type: 'external_select',
          selected_option: { text: t('p'), value: 'ACS-Extension-DemoAgent-1853370294850618' },
        }),
      },
      'param:Port': {
        [ActionIds.paramValue]: stateValue({
          type: 'number_input',
          value: element(view, 'param:Port').initial_value as string,
        }),
      },
    };

    const submission = readSubmission(
      { state: { values }, private_metadata: view.private_metadata ?? '' },
      'U1',
    );

    expect(submission).toMatchObject({
      channelId: 'C9',
      locale: 'en',
      regionId: 'cn-shanghai',
      instancesText: `${instanceId(1)}\n${instanceId(2)}`,
      packageName: 'ACS-Extension-DemoAgent-1853370294850618',
      parameterValues: { Port: '80' },
    });
    expect(submission.pickedInstanceIds).toBeUndefined();
    expect(submission.teamId).toBeUndefined();
  });

  it('survives foreign private_metadata', () => {
    const submission = readSubmission(submitted({}, 'not json'), 'U1');

    expect(submission).toMatchObject({ channelId: '', locale: 'en', regionId: '', packageName: '' });
  });
});

describe('formDataFromView', () => {
  it('rebuilds regions and the current choices from a view Slack sent back', () => {
    const view = installFormView(formData(), { locale: 'en', channelId: 'C1' });
    const values = {
      region: {
        x: stateValue({ type: 'static_select', selected_option: { text: t('r'), value: 'cn-hangzhou' } }),
      },
      instances: { y: stateValue({ type: 'plain_text_input', value: 'i-a i-b,i-c' }) },
    };

    const data = formDataFromView({ blocks: view.blocks as ViewOutput['blocks'], state: { values } });

    expect(data.regions).toEqual(regions);
    expect(data.regionId).toBe('cn-hangzhou');
    expect(data.instanceIds).toEqual(['i-a', 'i-b', 'i-c']);
  });
});

function t(text: string) {
  return { type: 'plain_text' as const, text };
}
