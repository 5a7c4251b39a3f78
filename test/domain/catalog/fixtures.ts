import { toExtensionPackage } from '../../../src/domain/catalog/description.js';
import type { ExtensionPackage, TemplateSummary } from '../../../src/domain/model.js';

/** A ListTemplates entry for a package, with a Description JSON built from the given fields. */
export function summary(
  templateName: string,
  description: Record<string, unknown> | string = {},
  extra: Partial<TemplateSummary> = {},
): TemplateSummary {
  return {
    templateName,
    templateId: `t-${templateName.length}${templateName.slice(14, 20).toLowerCase()}`,
    templateVersion: 'v1',
    templateType: 'Package',
    shareType: 'Public',
    description: typeof description === 'string' ? description : JSON.stringify(description),
    ...extra,
  };
}

function pkg(
  name: string,
  nameEn: string,
  nameZh: string,
  categories: string[],
  en: string,
  zh = '',
): ExtensionPackage {
  return toExtensionPackage(
    summary(name, { categories, en, 'zh-cn': zh, 'name-en': nameEn, 'name-zh-cn': nameZh }),
  );
}

/** A catalog shaped like the public one (official names plus clearly fake padding). */
export function sampleCatalog(): ExtensionPackage[] {
  return [
    pkg(
      'ACS-Extension-DockerCE-1853370294850618',
      'Docker Community Edition',
      'Docker 社区版',
      ['application'],
      'Docker CE container engine',
      'Docker 容器引擎',
    ),
    pkg(
      'ACS-Extension-DockerCE-1563457855438522',
      'Docker CE',
      'Docker 社区版',
      ['application'],
      'Docker CE by another publisher',
    ),
    pkg(
      'ACS-Extension-node-1853370294850618',
      'Node.js',
      'Node.js',
      ['application'],
      'Node.js runtime one-click install',
      'Node.js 运行环境一键安装',
    ),
    pkg(
      'ACS-Extension-python-1853370294850618',
      'Python',
      'Python',
      ['application'],
      'Python runtime',
      'Python 运行环境',
    ),
    pkg(
      'ACS-Extension-golang-1853370294850618',
      'Go',
      'Go 语言',
      ['application'],
      'Go toolchain',
      'Go 开发工具链',
    ),
    pkg('ACS-Extension-java-1853370294850618', 'Java', 'Java', ['application'], 'OpenJDK runtime'),
    pkg(
      'ACS-Extension-nginx-1853370294850618',
      'Nginx',
      'Nginx',
      ['application'],
      'Nginx web server',
      'Nginx 网页服务器',
    ),
    pkg('ACS-Extension-Git-1853370294850618', 'Git', 'Git', ['application'], 'Git version control'),
    pkg(
      'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618',
      'BaoTa Panel (Free)',
      '宝塔面板免费版',
      ['application'],
      'BT server management panel',
      '宝塔 Linux 服务器运维面板',
    ),
    pkg(
      'ACS-Extension-mysql-0000000000000001',
      'MySQL',
      'MySQL',
      ['database'],
      'MySQL Community Server',
      'MySQL 数据库',
    ),
    pkg(
      'ACS-Extension-PostgreSQL-0000000000000001',
      'PostgreSQL',
      'PostgreSQL',
      ['database'],
      'PostgreSQL database server',
    ),
    pkg(
      'ACS-Extension-redis-0000000000000001',
      'Redis',
      'Redis',
      ['database'],
      'In-memory key value store',
      'Redis 缓存数据库',
    ),
    pkg('ACS-Extension-1Panel-0000000000000001', '1Panel', '1Panel', ['application'], 'Linux server panel'),
    pkg(
      'ACS-Extension-Ollama-0000000000000001',
      'Ollama',
      'Ollama',
      ['ai'],
      'Run large language models locally',
      '本地运行大模型',
    ),
  ];
}
