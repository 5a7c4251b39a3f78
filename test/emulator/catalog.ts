/**
 * Seed data of the cloud emulator: OOS templates (real extension names from the reference plus clearly
 * fake fillers under publisher UID 0000000000000001), ECS regions and instances.
 */
import { createHash } from 'node:crypto';
import { stringify as toYaml } from 'yaml';

/** Alibaba Cloud's publisher UID of the official extensions. */
export const ALIBABA_PUBLISHER_UID = '1853370294850618';
/** Publisher UID of the synthetic fixtures (never a real account). */
export const FAKE_PUBLISHER_UID = '0000000000000001';
/** The account the emulator pretends to be (ExecutedBy, private templates). */
export const EMULATOR_ACCOUNT_ID = '1234567890123456';
/** The public template the bot starts to install packages. */
export const INSTALL_TEMPLATE_NAME = 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL';

/** A template of the emulated catalog. `content` is rendered to `Content` in the template's format. */
export interface CatalogTemplate {
  name: string;
  type: 'Package' | 'Automation' | 'State';
  shareType: 'Public' | 'Private';
  format: 'JSON' | 'YAML';
  /** Latest version, e.g. `v27`. */
  version: string;
  publisher: string;
  createdBy: string;
  createdDate: string;
  updatedDate: string;
  /** Wire `Description`: for packages a JSON string (one seed is deliberately malformed). */
  description: string;
  /** Wire `Constraints` (JSON string), absent for some templates. */
  constraints?: string;
  category: string;
  popularity: number;
  content: Record<string, unknown>;
  /** Contents of older versions that differ from the latest. */
  olderVersions?: Record<string, Record<string, unknown>>;
  /** Package only: the install script output and OutputScript output the emulator reports. */
  installOutput?: string;
  configurationOutput?: string;
}

/** Names of seeded templates tests can rely on. */
export const SEED_PACKAGES = {
  baota: `ACS-Extension-BaoTaPanelFree-One-Click-${ALIBABA_PUBLISHER_UID}`,
  docker: `ACS-Extension-DockerCE-${ALIBABA_PUBLISHER_UID}`,
  java: `ACS-Extension-java-${ALIBABA_PUBLISHER_UID}`,
  python: `ACS-Extension-python-${ALIBABA_PUBLISHER_UID}`,
  node: `ACS-Extension-node-${ALIBABA_PUBLISHER_UID}`,
  golang: `ACS-Extension-golang-${ALIBABA_PUBLISHER_UID}`,
  nginx: `ACS-Extension-nginx-${ALIBABA_PUBLISHER_UID}`,
  git: `ACS-Extension-Git-${ALIBABA_PUBLISHER_UID}`,
  dockerOtherPublisher: 'ACS-Extension-DockerCE-1563457855438522',
  mysql: `ACS-Extension-mysql-${FAKE_PUBLISHER_UID}`,
  redis: `ACS-Extension-redis-${FAKE_PUBLISHER_UID}`,
  dify: `ACS-Extension-Dify-${FAKE_PUBLISHER_UID}`,
  ollama: `ACS-Extension-Ollama-${FAKE_PUBLISHER_UID}`,
  postgresql: `ACS-Extension-PostgreSQL-${FAKE_PUBLISHER_UID}`,
  /** Windows-only constraint. */
  iis: `ACS-Extension-IIS-${FAKE_PUBLISHER_UID}`,
  /** Its Description is not valid JSON. */
  malformed: `ACS-Extension-LegacyAgent-${FAKE_PUBLISHER_UID}`,
  /** Private Package template: ListTemplates with ShareType=Public must not return it. */
  privatePackage: `ACS-Extension-team-baseline-${EMULATOR_ACCOUNT_ID}`,
} as const;

/** Latest versions and parameter facts of seeded packages that tests assert on. */
export const SEED_FACTS = {
  nodeVersion: 'v27',
  nodeOlderVersion: 'v26',
  nodeDefault: 'v22.13.1',
  nodeAllowed: ['v22.13.1', 'v20.18.2', 'v18.20.6'],
  baotaDefaultPort: 8888,
} as const;

interface PackageText {
  categories: string[];
  en: string;
  zh: string;
  nameEn: string;
  nameZh: string;
  docEn?: string;
  docZh?: string;
  image?: string;
}

function packageDescription(t: PackageText): string {
  return JSON.stringify({
    categories: t.categories,
    en: t.en,
    'zh-cn': t.zh,
    'name-en': t.nameEn,
    'name-zh-cn': t.nameZh,
    'doc-en': t.docEn ?? '',
    'doc-zh-cn': t.docZh ?? '',
    image: t.image ?? '',
  });
}

function loc(en: string, zh: string): { en: string; 'zh-cn': string } {
  return { en, 'zh-cn': zh };
}

const LINUX_PLATFORMS = ['Alibaba Cloud Linux', 'CentOS', 'Ubuntu', 'Debian', 'Anolis OS', 'Rocky Linux'];
const linuxOnly = JSON.stringify({ OSPlatforms: LINUX_PLATFORMS });
const ICON = 'https://oos-public-template.oss-cn-beijing.aliyuncs.com';

function packageContent(
  text: PackageText,
  parameters: Record<string, unknown>,
  groups?: Array<{ label: [string, string]; names: string[] }>,
): Record<string, unknown> {
  const content: Record<string, unknown> = {
    FormatVersion: 'OOS-2019-06-01',
    Description: {
      en: text.en,
      'zh-cn': text.zh,
      'name-en': text.nameEn,
      'name-zh-cn': text.nameZh,
      categories: text.categories,
    },
    Parameters: parameters,
  };
  if (groups) {
    content.Metadata = {
      'ALIYUN::OOS::Interface': {
        ParameterGroups: groups.map((g) => ({
          Parameters: g.names,
          Label: { default: loc(g.label[0], g.label[1]) },
        })),
      },
    };
  }
  return content;
}

interface PackageSeed {
  name: string;
  text: PackageText;
  parameters?: Record<string, unknown>;
  groups?: Array<{ label: [string, string]; names: string[] }>;
  format?: 'JSON' | 'YAML';
  version?: string;
  publisher?: string;
  constraints?: string | null;
  popularity?: number;
  createdDate?: string;
  updatedDate?: string;
  description?: string;
  shareType?: 'Public' | 'Private';
  createdBy?: string;
  installOutput?: string;
  configurationOutput?: string;
  olderVersions?: Record<string, Record<string, unknown>>;
}

function pkg(seed: PackageSeed): CatalogTemplate {
  const template: CatalogTemplate = {
    name: seed.name,
    type: 'Package',
    shareType: seed.shareType ?? 'Public',
    format: seed.format ?? 'JSON',
    version: seed.version ?? 'v1',
    publisher: seed.publisher ?? 'Alibaba Cloud',
    createdBy: seed.createdBy ?? 'ACS',
    createdDate: seed.createdDate ?? '2024-03-10T06:00:00Z',
    updatedDate: seed.updatedDate ?? '2025-02-15T12:00:00Z',
    description: seed.description ?? packageDescription(seed.text),
    category: 'Other',
    popularity: seed.popularity ?? 5,
    content: packageContent(seed.text, seed.parameters ?? {}, seed.groups),
    olderVersions: seed.olderVersions,
    installOutput: seed.installOutput,
    configurationOutput: seed.configurationOutput,
  };
  if (seed.constraints !== null) template.constraints = seed.constraints ?? linuxOnly;
  return template;
}

const versionParam = (def: string, allowed: string[] | undefined, en: string, zh: string) => ({
  Type: 'String',
  Label: loc('Version', '版本'),
  Description: loc(en, zh),
  Default: def,
  ...(allowed ? { AllowedValues: allowed } : {}),
});

const nodeText: PackageText = {
  categories: ['application'],
  en: 'Node.js runtime one-click install',
  zh: 'Node.js 运行环境一键安装',
  nameEn: 'Node.js',
  nameZh: 'Node.js',
  docEn: 'https://nodejs.org/en/docs',
  docZh: 'https://nodejs.org/zh-cn/docs',
  image: `${ICON}/Nodejs/icon.png`,
};

function realPackages(): CatalogTemplate[] {
  return [
    pkg({
      name: SEED_PACKAGES.baota,
      version: 'v5',
      popularity: 10,
      text: {
        categories: ['application'],
        en: 'BaoTa Linux panel (free edition): manage websites, databases, FTP and files from a web console.',
        zh: '宝塔 Linux 面板免费版：通过网页一站式管理网站、数据库、FTP 和文件。',
        nameEn: 'BaoTa Panel (Free)',
        nameZh: '宝塔面板免费版',
        docEn: 'https://www.bt.cn/new/download.html',
        docZh: 'https://www.bt.cn/new/download.html',
        image: `${ICON}/BaoTaPanelFree/icon.png`,
      },
      parameters: {
        panelPort: {
          Type: 'Number',
          Label: loc('Panel port', '面板端口'),
          Description: loc(
            'TCP port the panel listens on; open it in the security group.',
            '面板监听的 TCP 端口，请在安全组中放行。',
          ),
          Default: SEED_FACTS.baotaDefaultPort,
          MinValue: 1024,
          MaxValue: 65535,
        },
      },
      constraints: JSON.stringify({
        OSPlatforms: ['Alibaba Cloud Linux', 'CentOS', 'Ubuntu', 'Debian'],
        ImageTypes: ['system'],
      }),
      installOutput: 'Congratulations! Installed successfully!\nBT-Panel version 9.2.0 installed.\n',
      configurationOutput: JSON.stringify({
        publicUrl: 'http://203.0.113.10:8888/emulator',
        privateUrl: 'http://172.16.0.10:8888/emulator',
        username: 'emu_admin',
        password: 'emu-panel-pass-0001',
      }),
    }),
    pkg({
      name: SEED_PACKAGES.docker,
      version: 'v12',
      popularity: 10,
      text: {
        categories: ['application'],
        en: 'Docker Community Edition: build and run containers.',
        zh: 'Docker 社区版：构建和运行容器。',
        nameEn: 'Docker CE',
        nameZh: 'Docker 社区版',
        docEn: 'https://docs.docker.com/engine/',
        docZh: 'https://help.aliyun.com/zh/ecs/use-cases/install-and-use-docker',
        image: `${ICON}/DockerCE/icon.png`,
      },
      installOutput: 'Docker version 27.3.1, build ce12230\n',
    }),
    pkg({
      name: SEED_PACKAGES.java,
      version: 'v9',
      popularity: 9,
      text: {
        categories: ['application'],
        en: 'Java runtime (OpenJDK) one-click install',
        zh: 'Java 运行环境（OpenJDK）一键安装',
        nameEn: 'Java',
        nameZh: 'Java',
        image: `${ICON}/Java/icon.png`,
      },
      parameters: {
        version: versionParam('17', ['21', '17', '11', '8'], 'OpenJDK major version', 'OpenJDK 主版本'),
      },
    }),
    pkg({
      name: SEED_PACKAGES.python,
      version: 'v8',
      popularity: 9,
      text: {
        categories: ['application'],
        en: 'Python 3 runtime with pip',
        zh: 'Python 3 运行环境（含 pip）',
        nameEn: 'Python',
        nameZh: 'Python',
        image: `${ICON}/Python/icon.png`,
      },
      parameters: {
        version: versionParam('3.12', ['3.12', '3.11', '3.10'], 'Python version', 'Python 版本'),
      },
    }),
    pkg({
      name: SEED_PACKAGES.node,
      version: SEED_FACTS.nodeVersion,
      popularity: 8,
      text: nodeText,
      parameters: {
        version: versionParam(
          SEED_FACTS.nodeDefault,
          [...SEED_FACTS.nodeAllowed],
          'Node.js version',
          'Node.js 版本',
        ),
      },
      installOutput: `node ${SEED_FACTS.nodeDefault} installed\n`,
      olderVersions: {
        [SEED_FACTS.nodeOlderVersion]: packageContent(nodeText, {
          version: versionParam('v20.18.2', ['v20.18.2', 'v18.20.6'], 'Node.js version', 'Node.js 版本'),
        }),
      },
    }),
    pkg({
      name: SEED_PACKAGES.golang,
      version: 'v6',
      popularity: 7,
      text: {
        categories: ['application'],
        en: 'Go toolchain',
        zh: 'Go 语言开发环境',
        nameEn: 'Go',
        nameZh: 'Go',
        image: `${ICON}/Golang/icon.png`,
      },
      parameters: {
        version: {
          Type: 'String',
          Label: 'Go version',
          Description: 'Go release to install, e.g. 1.23.4',
          Default: '1.23.4',
          AllowedPattern: '^1\\.[0-9]+(\\.[0-9]+)?$',
        },
      },
    }),
    pkg({
      name: SEED_PACKAGES.nginx,
      version: 'v7',
      format: 'YAML',
      popularity: 9,
      text: {
        categories: ['application'],
        en: 'Nginx web server and reverse proxy',
        zh: 'Nginx Web 服务器与反向代理',
        nameEn: 'Nginx',
        nameZh: 'Nginx',
        image: `${ICON}/Nginx/icon.png`,
      },
      parameters: {
        workerProcesses: {
          Type: 'String',
          Label: loc('Worker processes', '工作进程数'),
          Description: loc('Number of worker processes or "auto".', '工作进程数量，或填 auto。'),
          Default: 'auto',
        },
        enableHttps: {
          Type: 'Boolean',
          Label: loc('Enable HTTPS', '启用 HTTPS'),
          Default: false,
        },
      },
    }),
    pkg({
      name: SEED_PACKAGES.git,
      version: 'v4',
      popularity: 7,
      constraints: null,
      text: {
        categories: ['devops'],
        en: 'Git version control client',
        zh: 'Git 版本控制客户端',
        nameEn: 'Git',
        nameZh: 'Git',
        image: `${ICON}/Git/icon.png`,
      },
    }),
    pkg({
      name: SEED_PACKAGES.dockerOtherPublisher,
      version: 'v2',
      popularity: 3,
      publisher: 'Container Service Team',
      createdBy: '1563457855438522',
      text: {
        categories: ['devops'],
        en: 'Docker CE used by the image build pipelines',
        zh: '镜像构建流水线使用的 Docker CE',
        nameEn: 'Docker CE (build pipeline)',
        nameZh: 'Docker CE（构建流水线）',
      },
    }),
  ];
}

function fake(
  slug: string,
  categories: string[],
  nameEn: string,
  nameZh: string,
  en: string,
  zh: string,
  parameters?: Record<string, unknown>,
  extra?: Partial<PackageSeed>,
): CatalogTemplate {
  return pkg({
    name: `ACS-Extension-${slug}-${FAKE_PUBLISHER_UID}`,
    publisher: 'Emulator Fixtures',
    createdBy: FAKE_PUBLISHER_UID,
    popularity: 4,
    version: 'v1',
    text: { categories, en, zh, nameEn, nameZh, docEn: `https://example.com/docs/${slug}`, docZh: '' },
    parameters,
    ...extra,
  });
}

const passwordParam = (en: string, zh: string) => ({
  Type: 'String',
  Label: loc(en, zh),
  Description: loc('At least 8 characters; it is never shown again.', '至少 8 个字符，之后不会再次显示。'),
  AssociationProperty: 'Password',
  MinLength: 8,
  MaxLength: 32,
});

function fakePackages(): CatalogTemplate[] {
  const list: CatalogTemplate[] = [
    fake(
      'mysql',
      ['database'],
      'MySQL',
      'MySQL',
      'MySQL Community Server',
      'MySQL 社区版数据库',
      {
        rootPassword: passwordParam('Root password', 'root 密码'),
        port: {
          Type: 'Number',
          Label: loc('Port', '端口'),
          Default: 3306,
          MinValue: 1,
          MaxValue: 65535,
        },
        charset: {
          Type: 'String',
          Label: loc('Character set', '字符集'),
          Default: 'utf8mb4',
          AllowedValues: ['utf8mb4', 'utf8', 'latin1'],
        },
        enableBinlog: {
          Type: 'Boolean',
          Label: loc('Enable binlog', '开启 binlog'),
          Description: loc('Keep a binary log for replication.', '保留二进制日志用于复制。'),
          Default: false,
        },
      },
      {
        groups: [
          { label: ['Account', '账号'], names: ['rootPassword'] },
          { label: ['Server', '服务'], names: ['port', 'charset', 'enableBinlog'] },
        ],
        popularity: 6,
      },
    ),
    fake('redis', ['database'], 'Redis', 'Redis', 'Redis in-memory data store', 'Redis 内存数据库', {
      password: { Type: 'String', Description: 'Password clients must send (AUTH)' },
      maxMemoryMb: {
        Type: 'Integer',
        Label: loc('Max memory (MB)', '最大内存（MB）'),
        Default: 1024,
      },
      bindAddresses: {
        Type: 'List',
        Label: loc('Bind addresses', '监听地址'),
        Description: loc('Addresses Redis listens on.', 'Redis 监听的地址。'),
        Default: ['127.0.0.1'],
      },
    }),
    fake('php', ['application'], 'PHP', 'PHP', 'PHP-FPM runtime', 'PHP-FPM 运行环境', {
      version: versionParam('8.3', ['8.3', '8.2', '8.1', '7.4'], 'PHP version', 'PHP 版本'),
    }),
    fake(
      'Dify',
      ['ai'],
      'Dify',
      'Dify',
      'Dify LLM app development platform',
      'Dify 大模型应用开发平台',
      {
        adminEmail: { Type: 'String', Label: 'Admin e-mail', Description: 'E-mail of the first admin' },
        config: {
          Type: 'Json',
          Label: loc('Advanced settings', '高级设置'),
          Default: { edition: 'community', exposePort: 80 },
        },
      },
      { configurationOutput: JSON.stringify({ url: 'http://203.0.113.20/install' }) },
    ),
    fake('Ollama', ['ai'], 'Ollama', 'Ollama', 'Run large language models locally', '本地运行大语言模型', {
      models: {
        Type: 'List',
        Label: loc('Models to pull', '预拉取的模型'),
        Default: ['qwen2.5:7b'],
      },
      useGpu: { Type: 'Boolean', Label: loc('Use GPU', '使用 GPU'), Default: true },
    }),
    fake(
      '1Panel',
      ['application'],
      '1Panel',
      '1Panel',
      'Modern Linux server panel',
      '现代化 Linux 服务器运维面板',
      {
        panelPort: { Type: 'Number', Label: loc('Panel port', '面板端口'), Default: 10086 },
        adminPassword: {
          Type: 'String',
          Label: loc('Admin password', '管理员密码'),
          AssociationProperty: 'Password',
        },
      },
    ),
    fake('Jenkins', ['devops'], 'Jenkins', 'Jenkins', 'Jenkins automation server', 'Jenkins 持续集成服务器'),
    fake(
      'GitLab',
      ['devops'],
      'GitLab CE',
      'GitLab 社区版',
      'GitLab Community Edition',
      'GitLab 社区版代码托管',
      {
        externalUrl: {
          Type: 'String',
          Label: loc('External URL', '访问地址'),
          Default: 'http://gitlab.example.com',
        },
      },
    ),
    fake('MongoDB', ['database'], 'MongoDB', 'MongoDB', 'MongoDB Community Server', 'MongoDB 社区版'),
    fake(
      'PostgreSQL',
      ['database'],
      'PostgreSQL',
      'PostgreSQL',
      'PostgreSQL relational database',
      'PostgreSQL 关系型数据库',
      {
        version: versionParam('16', ['17', '16', '15'], 'Major version', '主版本'),
        postgresPassword: passwordParam('postgres password', 'postgres 用户密码'),
        maxConnections: { Type: 'Integer', Label: loc('Max connections', '最大连接数'), Default: 200 },
      },
    ),
    fake(
      'Tomcat',
      ['application'],
      'Apache Tomcat',
      'Apache Tomcat',
      'Java servlet container',
      'Java Servlet 容器',
    ),
    fake(
      'NvidiaDriver',
      ['ai'],
      'NVIDIA GPU driver',
      'NVIDIA GPU 驱动',
      'NVIDIA driver and CUDA for GPU instances',
      'GPU 实例的 NVIDIA 驱动与 CUDA',
      {
        driverVersion: versionParam('550.127.08', ['550.127.08', '535.216.03'], 'Driver version', '驱动版本'),
        cudaVersion: versionParam('12.4.1', ['12.4.1', '12.2.2'], 'CUDA version', 'CUDA 版本'),
      },
      {
        constraints: JSON.stringify({
          OSPlatforms: ['Alibaba Cloud Linux', 'Ubuntu'],
          InstanceTypeFamilies: ['ecs.gn7i', 'ecs.gn6i', 'ecs.gn7'],
        }),
      },
    ),
    fake(
      'IIS',
      ['application'],
      'IIS',
      'IIS',
      'Internet Information Services web server',
      'IIS Web 服务器',
      {
        siteName: { Type: 'String', Label: loc('Site name', '站点名称'), Default: 'Default Web Site' },
      },
      { constraints: JSON.stringify({ OSPlatforms: ['Windows Server'] }) },
    ),
    fake(
      'Prometheus-NodeExporter',
      ['monitoring'],
      'Node Exporter',
      'Node Exporter',
      'Prometheus host metrics exporter',
      'Prometheus 主机指标采集器',
      {
        listenPort: { Type: 'Number', Label: loc('Listen port', '监听端口'), Default: 9100 },
      },
    ),
    fake('Grafana', ['monitoring'], 'Grafana', 'Grafana', 'Dashboards and alerting', '可视化监控面板与告警'),
    fake(
      'ZabbixAgent',
      ['monitoring'],
      'Zabbix Agent',
      'Zabbix Agent',
      'Zabbix monitoring agent',
      'Zabbix 监控代理',
      {
        server: { Type: 'String', Label: loc('Zabbix server', 'Zabbix 服务器地址') },
      },
    ),
    fake('ClamAV', ['security'], 'ClamAV', 'ClamAV', 'Open-source antivirus engine', '开源杀毒引擎'),
    fake(
      'Fail2ban',
      ['security'],
      'Fail2ban',
      'Fail2ban',
      'Ban IPs that show malicious signs',
      '自动封禁恶意 IP',
    ),
    fake('WireGuard', ['security'], 'WireGuard', 'WireGuard', 'Fast modern VPN', '高性能 VPN', {
      listenPort: { Type: 'Integer', Label: loc('Listen port', '监听端口'), Default: 51820 },
      peers: { Type: 'Json', Label: loc('Peers', '对端配置'), Default: [] },
    }),
    fake(
      'Elasticsearch',
      ['database'],
      'Elasticsearch',
      'Elasticsearch',
      'Search and analytics engine',
      '搜索与分析引擎',
    ),
    fake('RabbitMQ', ['application'], 'RabbitMQ', 'RabbitMQ', 'Message broker', '消息队列'),
    fake(
      'Kafka',
      ['application'],
      'Apache Kafka',
      'Apache Kafka',
      'Distributed event streaming',
      '分布式流处理平台',
    ),
    fake('Ansible', ['devops'], 'Ansible', 'Ansible', 'Agentless automation', '无代理自动化工具'),
    fake(
      'Terraform',
      ['devops'],
      'Terraform',
      'Terraform',
      'Infrastructure as code CLI',
      '基础设施即代码工具',
    ),
    fake(
      'CloudMonitorAgent',
      ['monitoring'],
      'CloudMonitor agent',
      '云监控插件',
      'Sample CloudMonitor agent',
      '示例云监控插件',
    ),
    fake(
      'ComfyUI',
      ['ai'],
      'ComfyUI',
      'ComfyUI',
      'Node-based Stable Diffusion UI',
      '节点式 Stable Diffusion 界面',
    ),
  ];
  const categories = ['application', 'database', 'devops', 'ai', 'security', 'monitoring'];
  for (let n = 1; n <= 84; n++) {
    const nn = String(n).padStart(2, '0');
    const category = categories[n % categories.length] ?? 'application';
    const parameters: Record<string, unknown> =
      n % 3 === 0
        ? {}
        : n % 3 === 1
          ? { version: { Type: 'String', Label: loc('Version', '版本'), Default: `1.0.${n}` } }
          : {
              port: { Type: 'Number', Label: 'Port', Default: 8000 + n },
              enabled: { Type: 'Boolean', Label: loc('Start on boot', '开机启动'), Default: true },
            };
    list.push(
      fake(
        `SampleTool${nn}`,
        [category],
        `Sample Tool ${nn}`,
        `示例工具 ${nn}`,
        `Synthetic ${category} extension number ${nn} (emulator fixture)`,
        `模拟的${category}扩展 ${nn}（仿真数据）`,
        parameters,
        {
          popularity: 1 + (n % 3),
          format: n % 5 === 0 ? 'YAML' : 'JSON',
          updatedDate: `2025-01-${String(1 + (n % 28)).padStart(2, '0')}T08:00:00Z`,
        },
      ),
    );
  }
  list.push(
    fake(
      'LegacyAgent',
      ['monitoring'],
      'Legacy agent',
      '旧版代理',
      'Legacy agent',
      '旧版代理',
      {},
      {
        description: '{"categories":["monitoring"],"en":"Legacy monitoring agent","name-en":"Legacy agent"',
        popularity: 1,
      },
    ),
  );
  return list;
}

function installTemplate(): CatalogTemplate {
  return {
    name: INSTALL_TEMPLATE_NAME,
    type: 'Automation',
    shareType: 'Public',
    format: 'YAML',
    version: 'v12',
    publisher: 'Alibaba Cloud',
    createdBy: 'ACS',
    createdDate: '2023-05-10T02:00:00Z',
    updatedDate: '2024-09-12T03:00:00Z',
    description: 'Install, uninstall or update OOS packages (extensions) on ECS instances in bulk',
    category: 'Other',
    popularity: 10,
    content: {
      FormatVersion: 'OOS-2019-06-01',
      Description: {
        en: 'Bulk configure OOS packages with temporary URL',
        'zh-cn': '使用临时链接批量配置 OOS 扩展程序',
      },
      Parameters: {
        regionId: {
          Type: 'String',
          Label: loc('Region', '地域'),
          AssociationProperty: 'RegionId',
          Default: '{{ ACS::RegionId }}',
        },
        action: { Type: 'String', Default: 'install', AllowedValues: ['install', 'uninstall', 'update'] },
        packageName: { Type: 'String', AssociationProperty: 'ALIYUN::OOS::Package::PackageName' },
        packageVersion: { Type: 'String', Default: '' },
        targets: {
          Type: 'Json',
          AssociationProperty: 'Targets',
          AssociationPropertyMetadata: {
            ResourceType: 'ALIYUN::ECS::Instance',
            RegionId: 'regionId',
            Status: 'Running',
          },
          Default: { Type: 'ResourceIds', ResourceIds: [], RegionId: '{{ regionId }}' },
        },
        orderId: { Type: 'String', Default: '' },
        rateControl: {
          Type: 'Json',
          AssociationProperty: 'RateControl',
          Default: { Mode: 'Concurrency', MaxErrors: 0, Concurrency: 10 },
        },
        parameters: { Type: 'Json', AssociationProperty: 'TemplateParameter', Default: {} },
        OOSAssumeRole: { Type: 'String', Default: '' },
      },
      RamRole: '{{ OOSAssumeRole }}',
      Tasks: [
        {
          Name: 'getInstanceFromOrderId',
          Action: 'ACS::WaitFor',
          When: { 'Fn::Not': { 'Fn::Equals': ['', '{{ orderId }}'] } },
        },
        { Name: 'getInstanceFromTargets', Action: 'ACS::SelectTargets' },
        {
          Name: 'configurePackage',
          Action: 'ACS::ECS::ConfigureOOSPackageWithTemporaryURLFullActions',
          Loop: { RateControl: '{{ rateControl }}', Items: '{{ getInstanceFromTargets.instanceIds }}' },
        },
      ],
      Outputs: {
        commandOutput: { Type: 'List', Value: '{{ configurePackage.commandOutput }}' },
        configurationOutput: { Type: 'List', Value: '{{ configurePackage.configurationOutput }}' },
      },
    },
  };
}

function otherTemplates(): CatalogTemplate[] {
  const base = {
    publisher: 'Alibaba Cloud',
    createdBy: 'ACS',
    createdDate: '2022-01-01T00:00:00Z',
    updatedDate: '2024-06-01T00:00:00Z',
    category: 'Other',
    popularity: 8,
    format: 'JSON' as const,
    version: 'v3',
  };
  return [
    {
      ...base,
      name: 'ACS-ECS-BulkyRunCommand',
      type: 'Automation',
      shareType: 'Public',
      description: 'Run a Cloud Assistant command on many instances',
      content: {
        FormatVersion: 'OOS-2019-06-01',
        Parameters: { commandContent: { Type: 'String' } },
        Tasks: [],
      },
    },
    {
      ...base,
      name: 'ACS-ECS-InventoryDataCollection',
      type: 'State',
      shareType: 'Public',
      description: 'Collect inventory data from instances',
      content: { FormatVersion: 'OOS-2019-06-01', Parameters: {}, Tasks: [] },
    },
    {
      ...base,
      name: 'team-nightly-restart',
      type: 'Automation',
      shareType: 'Private',
      publisher: '',
      createdBy: EMULATOR_ACCOUNT_ID,
      popularity: -1,
      description: 'Restart the batch servers every night',
      content: { FormatVersion: 'OOS-2019-06-01', Parameters: {}, Tasks: [] },
    },
    pkg({
      name: SEED_PACKAGES.privatePackage,
      shareType: 'Private',
      publisher: '',
      createdBy: EMULATOR_ACCOUNT_ID,
      popularity: -1,
      text: {
        categories: ['security'],
        en: 'Team security baseline (private package)',
        zh: '团队安全基线（私有扩展）',
        nameEn: 'Team baseline',
        nameZh: '团队基线',
      },
    }),
  ];
}

/** A fresh copy of the whole seeded template catalog. */
export function seedTemplates(): CatalogTemplate[] {
  return [...realPackages(), ...fakePackages(), installTemplate(), ...otherTemplates()];
}

/** `Content` as the service returns it: the template text in its own format. */
export function renderContent(template: CatalogTemplate, content: Record<string, unknown>): string {
  return template.format === 'YAML' ? toYaml(content) : JSON.stringify(content);
}

/** Short stable hex digest, for ids derived from names. */
export function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Regional TemplateId (the same template has a different id in each region). */
export function templateId(name: string, regionId: string): string {
  return `t-${shortHash(`${regionId}/${name}`, 14)}`;
}

/** True when a package's Constraints allow the given OS type (no constraint = allowed). */
export function packageSupportsOs(template: CatalogTemplate, osType: string): boolean {
  if (!template.constraints) return true;
  let platforms: unknown;
  try {
    platforms = (JSON.parse(template.constraints) as { OSPlatforms?: unknown }).OSPlatforms;
  } catch {
    return true;
  }
  if (!Array.isArray(platforms) || platforms.length === 0) return true;
  const windows = platforms.some((p) => String(p).toLowerCase().startsWith('windows'));
  const linux = platforms.some((p) => !String(p).toLowerCase().startsWith('windows'));
  return osType.toLowerCase() === 'windows' ? windows : linux;
}

/** An ECS region as DescribeRegions reports it. */
export interface RegionSeed {
  regionId: string;
  zh: string;
  en: string;
  endpoint: string;
  status: 'available' | 'soldOut';
}

/** About ten realistic regions. */
export const SEED_REGIONS: readonly RegionSeed[] = [
  {
    regionId: 'cn-qingdao',
    zh: '华北1（青岛）',
    en: 'China (Qingdao)',
    endpoint: 'ecs.cn-qingdao.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'cn-beijing',
    zh: '华北2（北京）',
    en: 'China (Beijing)',
    endpoint: 'ecs.cn-beijing.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'cn-zhangjiakou',
    zh: '华北3（张家口）',
    en: 'China (Zhangjiakou)',
    endpoint: 'ecs.cn-zhangjiakou.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'cn-hangzhou',
    zh: '华东1（杭州）',
    en: 'China (Hangzhou)',
    endpoint: 'ecs-cn-hangzhou.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'cn-shanghai',
    zh: '华东2（上海）',
    en: 'China (Shanghai)',
    endpoint: 'ecs.cn-shanghai.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'cn-shenzhen',
    zh: '华南1（深圳）',
    en: 'China (Shenzhen)',
    endpoint: 'ecs.cn-shenzhen.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'cn-hongkong',
    zh: '中国香港',
    en: 'China (Hong Kong)',
    endpoint: 'ecs.cn-hongkong.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'ap-southeast-1',
    zh: '新加坡',
    en: 'Singapore',
    endpoint: 'ecs.ap-southeast-1.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'ap-northeast-1',
    zh: '日本（东京）',
    en: 'Japan (Tokyo)',
    endpoint: 'ecs.ap-northeast-1.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'us-west-1',
    zh: '美国（硅谷）',
    en: 'US (Silicon Valley)',
    endpoint: 'ecs.us-west-1.aliyuncs.com',
    status: 'available',
  },
  {
    regionId: 'eu-central-1',
    zh: '德国（法兰克福）',
    en: 'Germany (Frankfurt)',
    endpoint: 'ecs.eu-central-1.aliyuncs.com',
    status: 'available',
  },
];

/** An emulated ECS instance. */
export interface InstanceSeed {
  instanceId: string;
  regionId: string;
  name: string;
  status: string;
  osType: 'linux' | 'windows';
  osName: string;
  cloudAssistant: boolean;
}

/** Ids of the seeded instances (all in cn-hangzhou except `shanghai`). */
export const SEED_INSTANCES = {
  /** Running Alibaba Cloud Linux, Cloud Assistant online. */
  linux: 'i-bp1emu0linux00000001',
  /** Running Ubuntu, Cloud Assistant online. */
  linux2: 'i-bp1emu0linux00000002',
  /** Stopped. */
  stopped: 'i-bp1emu0stopped000003',
  /** Running, Cloud Assistant offline. */
  assistantOffline: 'i-bp1emu0caoffline0004',
  /** Running Windows Server, Cloud Assistant online. */
  windows: 'i-bp1emu0windows000005',
  /** Running Alibaba Cloud Linux in cn-shanghai. */
  shanghai: 'i-uf6emu0linux00000006',
} as const;

/** The seeded instances. */
export function seedInstances(): InstanceSeed[] {
  const linux = 'Alibaba Cloud Linux  3.2104 LTS 64位';
  return [
    {
      instanceId: SEED_INSTANCES.linux,
      regionId: 'cn-hangzhou',
      name: 'web-prod-01',
      status: 'Running',
      osType: 'linux',
      osName: linux,
      cloudAssistant: true,
    },
    {
      instanceId: SEED_INSTANCES.linux2,
      regionId: 'cn-hangzhou',
      name: 'web-prod-02',
      status: 'Running',
      osType: 'linux',
      osName: 'Ubuntu  22.04 64位',
      cloudAssistant: true,
    },
    {
      instanceId: SEED_INSTANCES.stopped,
      regionId: 'cn-hangzhou',
      name: 'batch-worker-03',
      status: 'Stopped',
      osType: 'linux',
      osName: 'CentOS  7.9 64位',
      cloudAssistant: false,
    },
    {
      instanceId: SEED_INSTANCES.assistantOffline,
      regionId: 'cn-hangzhou',
      name: 'legacy-app-04',
      status: 'Running',
      osType: 'linux',
      osName: 'CentOS  7.9 64位',
      cloudAssistant: false,
    },
    {
      instanceId: SEED_INSTANCES.windows,
      regionId: 'cn-hangzhou',
      name: 'win-iis-05',
      status: 'Running',
      osType: 'windows',
      osName: 'Windows Server  2022 数据中心版 64位中文版',
      cloudAssistant: true,
    },
    {
      instanceId: SEED_INSTANCES.shanghai,
      regionId: 'cn-shanghai',
      name: 'api-sh-06',
      status: 'Running',
      osType: 'linux',
      osName: linux,
      cloudAssistant: true,
    },
  ];
}
