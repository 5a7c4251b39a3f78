import { describe, expect, it } from 'vitest';
import { CatalogService } from '../../../src/domain/catalog/catalog-service.js';
import { checkSupport } from '../../../src/domain/catalog/support.js';
import type { TemplateSummary } from '../../../src/domain/model.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeOos } from '../../fakes/fake-oos.js';
import { summary } from './fixtures.js';

function catalogOf(templates: TemplateSummary[]): { catalog: CatalogService; oos: FakeOos } {
  const oos = new FakeOos();
  oos.templates = templates;
  for (const template of templates) {
    oos.documents.set(template.templateName, {
      summary: template,
      content: { Parameters: { version: { Type: 'String', Default: 'latest' } } },
    });
  }
  const catalog = new CatalogService({
    oos,
    regionId: 'cn-hangzhou',
    ttlMs: 60_000,
    clock: new FakeClock('2025-03-01T00:00:00Z'),
    logger: silentLogger,
  });
  return { catalog, oos };
}

const templates = [
  summary('ACS-Extension-DockerCE-1853370294850618', { 'name-en': 'Docker CE', categories: ['application'] }),
  summary('ACS-Extension-DockerCE-1563457855438522', { 'name-en': 'Docker CE', categories: ['application'] }),
  summary('ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618', {
    'name-en': 'BaoTa Panel',
    'name-zh-cn': '宝塔面板',
  }),
  summary('ACS-Extension-mysql-0000000000000001', { 'name-en': 'MySQL', categories: ['database'] }),
  summary('ACS-Extension-PostgreSQL-0000000000000001', { 'name-en': 'PostgreSQL', categories: ['database'] }),
  summary('ACS-Extension-redis-0000000000000001', { 'name-en': 'Redis', categories: ['database'] }),
];

describe('checkSupport', () => {
  it('answers supported with the package details', async () => {
    const { catalog, oos } = catalogOf(templates);

    const answer = await checkSupport(catalog, '宝塔');

    expect(answer.kind).toBe('supported');
    if (answer.kind !== 'supported') return;
    expect(answer.details.package.templateName).toBe(
      'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618',
    );
    expect(answer.details.parameters.map((p) => p.name)).toEqual(['version']);
    expect(oos.callsOf('getTemplate').map((c) => c.query.templateName)).toEqual([
      'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618',
    ]);
  });

  it('prefers the official publisher over an equal match, listing the other', async () => {
    const { catalog } = catalogOf(templates);

    const answer = await checkSupport(catalog, 'docker');

    expect(answer.kind).toBe('supported');
    if (answer.kind !== 'supported') return;
    expect(answer.details.package.templateName).toBe('ACS-Extension-DockerCE-1853370294850618');
    expect(answer.otherMatches.map((p) => p.templateName)).toEqual([
      'ACS-Extension-DockerCE-1563457855438522',
    ]);
  });

  it('is ambiguous when equal matches come only from other publishers', async () => {
    const { catalog } = catalogOf([
      summary('ACS-Extension-DockerCE-1563457855438522', { 'name-en': 'Docker CE' }),
      summary('ACS-Extension-DockerCE-0000000000000002', { 'name-en': 'Docker CE' }),
    ]);

    const answer = await checkSupport(catalog, 'docker');

    expect(answer.kind).toBe('ambiguous');
    if (answer.kind !== 'ambiguous') return;
    expect(answer.candidates).toHaveLength(2);
  });

  it('is ambiguous when the words name a whole category', async () => {
    const { catalog } = catalogOf(templates);

    const answer = await checkSupport(catalog, 'database');

    expect(answer).toMatchObject({ kind: 'ambiguous', query: 'database' });
    if (answer.kind !== 'ambiguous') return;
    expect(answer.candidates.map((p) => p.displayName.en)).toEqual(['MySQL', 'PostgreSQL', 'Redis']);
  });

  it('answers unsupported with the nearest alternatives', async () => {
    const { catalog, oos } = catalogOf(templates);

    const answer = await checkSupport(catalog, 'sql server');

    expect(answer.kind).toBe('unsupported');
    if (answer.kind !== 'unsupported') return;
    expect(answer.query).toBe('sql server');
    expect(answer.alternatives.map((p) => p.displayName.en).sort()).toEqual(['MySQL', 'PostgreSQL']);
    expect(oos.callsOf('getTemplate').map((c) => c.query.templateName)).toEqual([]);
  });

  it('answers unsupported with no alternatives when nothing is close', async () => {
    const { catalog } = catalogOf(templates);

    const answer = await checkSupport(catalog, 'oracle');

    expect(answer).toEqual({ kind: 'unsupported', query: 'oracle', alternatives: [] });
  });
});
