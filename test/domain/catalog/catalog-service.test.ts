import { describe, expect, it } from 'vitest';
import { CatalogService } from '../../../src/domain/catalog/catalog-service.js';
import { CloudError } from '../../../src/domain/errors.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeOos } from '../../fakes/fake-oos.js';
import { summary } from './fixtures.js';

const TTL = 60_000;

function setup() {
  const oos = new FakeOos();
  oos.templates = [
    summary('ACS-Extension-nginx-1853370294850618', { 'name-en': 'Nginx' }),
    summary('ACS-Extension-DockerCE-1853370294850618', { 'name-en': 'Docker Community Edition' }),
    summary('ACS-Extension-apache-0000000000000001', { 'name-en': 'apache' }),
  ];
  const clock = new FakeClock('2025-03-01T00:00:00Z');
  const catalog = new CatalogService({
    oos,
    regionId: 'cn-hangzhou',
    ttlMs: TTL,
    clock,
    logger: silentLogger,
  });
  return { oos, clock, catalog };
}

const throttled = new CloudError({
  kind: 'throttled',
  code: 'Throttling.User',
  service: 'oos',
  action: 'ListTemplates',
  message: 'Request was denied due to user flow control.',
});

describe('CatalogService.list', () => {
  it('lists packages sorted by display name, case-insensitively', async () => {
    const { catalog } = setup();

    const snapshot = await catalog.list();

    expect(snapshot.packages.map((p) => p.displayName.en)).toEqual([
      'apache',
      'Docker Community Edition',
      'Nginx',
    ]);
    expect(snapshot.fromCache).toBe(false);
    expect(snapshot.stale).toBeUndefined();
  });

  it('serves the cache within the TTL and refreshes after it', async () => {
    const { oos, clock, catalog } = setup();
    const first = await catalog.list();

    await clock.advance(TTL - 1);
    const cached = await catalog.list();
    await clock.advance(1);
    const refreshed = await catalog.list();

    expect(oos.callsOf('listTemplates')).toHaveLength(2);
    expect(cached.fromCache).toBe(true);
    expect(cached.fetchedAt).toEqual(first.fetchedAt);
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.fetchedAt.getTime() - first.fetchedAt.getTime()).toBe(TTL);
  });

  it('shares one ListTemplates call between concurrent callers', async () => {
    const { oos, catalog } = setup();
    const held = oos.hold('listTemplates');

    const calls = [catalog.list(), catalog.list(), catalog.list()];
    const waiting = held.waiting;
    held.release();
    const snapshots = await Promise.all(calls);

    expect(waiting).toBe(1);
    expect(oos.callsOf('listTemplates')).toHaveLength(1);
    expect(snapshots.map((s) => s.packages.length)).toEqual([3, 3, 3]);
  });

  it('shares one failed refresh too, and tries again on the next call', async () => {
    const { oos, catalog } = setup();
    const held = oos.hold('listTemplates');

    const calls = [catalog.list(), catalog.list()];
    held.releaseWithError(throttled);
    const outcomes = await Promise.allSettled(calls);
    const retry = await catalog.list();

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(oos.callsOf('listTemplates')).toHaveLength(2);
    expect(retry.packages).toHaveLength(3);
  });

  it('throws the error when there is no older catalog to serve', async () => {
    const { oos, catalog } = setup();
    oos.failNext('listTemplates', throttled);

    const result = catalog.list();

    await expect(result).rejects.toBe(throttled);
  });

  it('serves the previous catalog with its age and the error when a refresh fails', async () => {
    const { oos, clock, catalog } = setup();
    const first = await catalog.list();
    oos.templates = [];
    await clock.advance(TTL + 5_000);
    oos.failNext('listTemplates', throttled);

    const stale = await catalog.list();

    expect(stale.packages).toEqual(first.packages);
    expect(stale.fromCache).toBe(true);
    expect(stale.fetchedAt).toEqual(first.fetchedAt);
    expect(stale.stale).toEqual({ ageMs: TTL + 5_000, error: throttled });
  });

  it('recovers once OOS answers again', async () => {
    const { oos, clock, catalog } = setup();
    await catalog.list();
    await clock.advance(TTL);
    oos.failNext('listTemplates', throttled);
    await catalog.list();
    oos.templates = oos.templates.slice(0, 1);

    const recovered = await catalog.list();

    expect(recovered.stale).toBeUndefined();
    expect(recovered.packages).toHaveLength(1);
  });

  it('lists a template only once when OOS repeats it', async () => {
    const { oos, catalog } = setup();
    oos.templates = [...oos.templates, oos.templates[0]!];

    const snapshot = await catalog.list();

    expect(snapshot.packages).toHaveLength(3);
  });
});

describe('CatalogService.find', () => {
  it('finds by exact name, then ignoring case', async () => {
    const { catalog } = setup();

    const exact = await catalog.find('ACS-Extension-nginx-1853370294850618');
    const loose = await catalog.find('acs-extension-dockerce-1853370294850618');
    const missing = await catalog.find('ACS-Extension-nope-1');

    expect(exact?.displayName.en).toBe('Nginx');
    expect(loose?.templateName).toBe('ACS-Extension-DockerCE-1853370294850618');
    expect(missing).toBeUndefined();
  });
});

describe('CatalogService.details', () => {
  const name = 'ACS-Extension-nginx-1853370294850618';

  function withDocument() {
    const context = setup();
    context.oos.documents.set(name, {
      summary: { ...context.oos.templates[0]!, templateVersion: 'v3' },
      content: { Parameters: { port: { Type: 'Integer', Default: 80 } } },
    });
    return context;
  }

  it('combines the listed package with the template parameters and version', async () => {
    const { catalog } = withDocument();

    const details = await catalog.details(name);

    expect(details.package.displayName.en).toBe('Nginx');
    expect(details.templateVersion).toBe('v3');
    expect(details.parameters).toMatchObject([
      { name: 'port', type: 'Integer', default: 80, required: false },
    ]);
  });

  it('caches per name for the TTL and makes one call for concurrent callers', async () => {
    const { oos, clock, catalog } = withDocument();

    await Promise.all([catalog.details(name), catalog.details(name)]);
    await clock.advance(TTL - 1);
    await catalog.details(name);
    const callsWithinTtl = oos.callsOf('getTemplate').length;
    await clock.advance(1);
    await catalog.details(name);

    expect(callsWithinTtl).toBe(1);
    expect(oos.callsOf('getTemplate')).toHaveLength(2);
  });

  it('describes the package from GetTemplate alone when the catalog cannot be listed', async () => {
    const { oos, catalog } = withDocument();
    oos.failNext('listTemplates', throttled);

    const details = await catalog.details(name);

    expect(details.package.templateName).toBe(name);
    expect(details.package.displayName.en).toBe('Nginx');
  });

  it('passes on not_found for an unknown template', async () => {
    const { catalog } = setup();

    const result = catalog.details('ACS-Extension-nope-1');

    await expect(result).rejects.toMatchObject({ kind: 'not_found' });
  });
});
