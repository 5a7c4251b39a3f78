import { describe, expect, it } from 'vitest';
import { makePackage, makeParameter } from '../../fakes/fake-catalog.js';
import { type Harness, I1, makeHarness, NODE, REQUESTER, submission } from './install-harness.js';

const MINUTE = 60_000;

async function submitted(h: Harness, fields: Parameters<typeof submission>[0] = {}): Promise<string> {
  const result = await h.flow.requestInstall(submission(fields));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await result.confirmation;
  return result.request.id;
}

describe('install form and lookups', () => {
  it('finds a request by id or execution id, and lists a user’s recent ones', async () => {
    const h = makeHarness();
    const first = await submitted(h);
    await h.clock.advance(MINUTE);
    const second = await submitted(h);
    await h.flow.decide(second, 'U0APPROVER', 'approve');
    const executionId = h.oos.executions[0]?.executionId ?? '';

    const byId = await h.flow.find(first);
    const byExecution = await h.flow.find(executionId);
    const recent = await h.flow.recent(REQUESTER, 5);

    expect(byId?.id).toBe(first);
    expect(byExecution?.id).toBe(second);
    expect(recent.map((r) => r.id)).toEqual([second, first]);
  });

  it('prefills ids, region and a confidently matched package from the words', async () => {
    const h = makeHarness();

    const prefill = await h.flow.form.parsePrefill(`node.js ${I1} cn-beijing`);

    expect(prefill).toEqual({
      instanceIds: [I1],
      regionId: 'cn-beijing',
      packageName: NODE,
      packageWords: 'node.js',
    });
  });

  it('loads the form with the package parameters and the prefilled region', async () => {
    const h = makeHarness();

    const form = await h.flow.form.loadForm({ instanceIds: [I1], regionId: 'cn-beijing', packageName: NODE });

    expect(form.regionId).toBe('cn-beijing');
    expect(form.regions.map((r) => r.regionId)).toEqual(['cn-hangzhou', 'cn-beijing']);
    expect(form.package?.parameters.map((p) => p.name)).toEqual(['version', 'registry', 'adminPassword']);
    expect(form.notices).toBeUndefined();
  });

  it('passes the values of an earlier request through as form text, without secrets or unknown names', async () => {
    const h = makeHarness();

    const form = await h.flow.form.loadForm({
      instanceIds: [I1],
      packageName: NODE,
      parameterValues: {
        version: 'v20.18.1',
        registry: 'https://npm.example.com',
        adminPassword: 'x',
        gone: 'y',
      },
      concurrency: 3,
      maxErrors: 2,
    });

    expect(form.parameterValues).toEqual({ version: 'v20.18.1', registry: 'https://npm.example.com' });
    expect(form.concurrency).toBe(3);
    expect(form.maxErrors).toBe(2);
  });

  it('turns earlier typed values into the text the form parses back', async () => {
    const h = makeHarness();
    const typed = 'ACS-Extension-Typed-1853370294850618';
    h.catalog.add(makePackage(typed), [
      makeParameter('port', { type: 'Integer', default: 80 }),
      makeParameter('tls', { type: 'Boolean', default: false }),
      makeParameter('tags', { type: 'List', default: [] }),
      makeParameter('settings', { type: 'Json', default: {} }),
      makeParameter('label', { type: 'Json', default: 'x' }),
    ]);

    const form = await h.flow.form.loadForm({
      instanceIds: [I1],
      packageName: typed,
      parameterValues: {
        port: 8080,
        tls: true,
        tags: ['a', 'b'],
        settings: { level: 'info' },
        label: 'plain',
      },
    });

    expect(form.parameterValues).toEqual({
      port: '8080',
      tls: 'true',
      tags: '["a","b"]',
      settings: '{"level":"info"}',
      label: '"plain"',
    });
  });

  it('has no earlier values in a fresh form, nor when the package cannot be loaded', async () => {
    const h = makeHarness();

    const fresh = await h.flow.form.loadForm({ instanceIds: [I1], packageName: NODE });
    const missing = await h.flow.form.loadForm({
      instanceIds: [I1],
      packageName: 'ACS-Extension-Gone-1853370294850618',
      parameterValues: { version: 'v20.18.1' },
    });

    expect(fresh.parameterValues).toBeUndefined();
    expect(fresh.concurrency).toBeUndefined();
    expect(fresh.maxErrors).toBeUndefined();
    expect(missing.package).toBeUndefined();
    expect(missing.parameterValues).toBeUndefined();
    expect(missing.notices).toMatchObject([
      { code: 'package_load_failed', packageName: 'ACS-Extension-Gone-1853370294850618' },
    ]);
  });

  it('falls back to the catalog region and says why', async () => {
    const h = makeHarness();

    const form = await h.flow.form.loadForm({
      instanceIds: [],
      regionId: 'xx-nowhere-1',
      packageWords: 'zzz',
    });

    expect(form.regionId).toBe('cn-hangzhou');
    expect(form.notices).toEqual([
      { code: 'region_not_listed', regionId: 'xx-nowhere-1', fallback: 'cn-hangzhou' },
      { code: 'no_package_matched', words: 'zzz' },
    ]);
  });

  it('caches DescribeRegions for 10 minutes', async () => {
    const h = makeHarness();

    await h.flow.form.loadForm({ instanceIds: [] });
    await h.flow.form.loadForm({ instanceIds: [] });
    await h.clock.advance(10 * MINUTE);
    await h.flow.form.loadForm({ instanceIds: [] });

    expect(h.ecs.count('describeRegions')).toBe(2);
  });

  it('searches packages and running instances', async () => {
    const h = makeHarness();

    const packages = await h.flow.form.searchPackages('IIS', 10);
    const all = await h.flow.form.searchPackages('', 1);
    const instances = await h.flow.form.searchInstances('cn-hangzhou', 'aaa1', 10);

    expect(packages).toEqual([
      { templateName: 'ACS-Extension-IIS-1853370294850618', displayName: 'IIS', category: 'Other' },
    ]);
    expect(all).toHaveLength(1);
    expect(instances).toEqual([{ instanceId: I1, name: 'web-aaa1' }]);
  });
});
