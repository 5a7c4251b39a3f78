/**
 * Text helpers for intent routing: cleaning Slack markup, splitting English/Chinese text into
 * meaningful words, and recognising instance and region ids.
 */

/** Region id shapes: cn-hangzhou, ap-southeast-1, us-west-1, eu-central-1, cn-hongkong, me-east-1… */
export const REGION_ID_PATTERN = /^(?:cn|ap|us|eu|me|na|sa|af|ru|rus)-[a-z]+(?:-[a-z]+)*(?:-\d+)?$/;

/** Chinese region names people type, mapped to region ids. */
const REGION_NAMES: Record<string, string> = {
  呼和浩特: 'cn-huhehaote',
  乌兰察布: 'cn-wulanchabu',
  张家口: 'cn-zhangjiakou',
  法兰克福: 'eu-central-1',
  弗吉尼亚: 'us-east-1',
  新加坡: 'ap-southeast-1',
  吉隆坡: 'ap-southeast-3',
  雅加达: 'ap-southeast-5',
  马尼拉: 'ap-southeast-6',
  杭州: 'cn-hangzhou',
  上海: 'cn-shanghai',
  北京: 'cn-beijing',
  深圳: 'cn-shenzhen',
  青岛: 'cn-qingdao',
  成都: 'cn-chengdu',
  河源: 'cn-heyuan',
  广州: 'cn-guangzhou',
  福州: 'cn-fuzhou',
  南京: 'cn-nanjing',
  武汉: 'cn-wuhan-lr',
  香港: 'cn-hongkong',
  东京: 'ap-northeast-1',
  首尔: 'ap-northeast-2',
  曼谷: 'ap-southeast-7',
  硅谷: 'us-west-1',
  伦敦: 'eu-west-1',
  迪拜: 'me-east-1',
};

/** English words that never name a package: fillers, question words and the command verbs. */
const STOPWORDS = new Set(
  `a an the any some all this that these those it its it's is are was be been being am do does did
  can could would will should shall may might must i i'd i'm me my we us our you your they them there
  there's here what what's which who how how's where when why whether if please pls plz kindly thanks
  thank hi hello hey ok okay bot to on in into onto at for of with from by about via and or & also just
  now yet still really then install installs installed installing installation installations reinstall
  uninstall uninstalls uninstalling remove removes update updates upgrade upgrades
  deploy deploys deployed deploying deployment setup set up one-click oneclick one click provision
  support supports supported supporting available availability possible able have has had having get
  got use using run running add extension extensions package packages plugin plugins software apps
  addon addons add-on list ls show me see display browse catalog catalogue check search find look
  lookup info information detail details instance instances server servers machine machines host hosts
  vm vms region regions status progress help need want like love tell know exist exists offer provide
  let let's latest version kind kinds sort type types something anything ecs ecs-ext give gimme put
  guys folks y'all chance`.split(/\s+/),
);

/** Chinese fillers removed wherever they appear (longest first). */
const CJK_FILLERS = [
  '应用程序',
  '卸载',
  '移除',
  '升级',
  '更新',
  '扩展程序',
  '可不可以',
  '看一下',
  '看一看',
  '运行环境',
  '程序',
  '应用',
  '组件',
  '工具',
  '环境',
  '相关',
  '看看',
  '一键安装',
  '帮我们',
  '能不能',
  '有没有',
  '服务器',
  '使用说明',
  '帮我',
  '帮忙',
  '麻烦',
  '请问',
  '一下',
  '一键',
  '安装',
  '部署',
  '扩展',
  '插件',
  '软件',
  '实例',
  '机器',
  '地域',
  '区域',
  '是否',
  '能否',
  '可以',
  '没有',
  '支持',
  '我们',
  '你们',
  '需要',
  '想要',
  '哪些',
  '什么',
  '列出',
  '列表',
  '目录',
  '查询',
  '查一下',
  '查看',
  '搜索',
  '查找',
  '详情',
  '介绍',
  '状态',
  '进度',
  '都有',
  '所有',
  '全部',
  '可用',
  '现在',
  '目前',
].sort((a, b) => b.length - a.length);

/** Single characters dropped at either end of a Chinese word (particles, prepositions). */
const CJK_EDGE_PARTICLES =
  /^[吗么嘛呢吧啊呀的了个在上给到把装有能我你想要请和与及中里啥]+|[吗么嘛呢吧啊呀的了个在上给到把装有能我你想要请和与及中里啥]+$/gu;

const HAN = /\p{Script=Han}/u;
const EDGE_PUNCTUATION = /^["'`“”‘’(（[{<「『]+|["'`“”‘’)）\]}>」』?!,.;:。？！，、；：…~]+$/gu;

/** Removes Slack markup (user, channel and special mentions; link brackets) and normalises width/spaces. */
export function cleanMessage(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<![^>]*>/g, ' ')
    .replace(/<#[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<[^|>\s]+\|([^>]*)>/g, '$1')
    .replace(/<([^>\s]+)>/g, '$1')
    .normalize('NFKC')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Puts spaces between Chinese and Latin runs and replaces Chinese region names by region ids. */
function spaced(text: string): string {
  let result = text;
  for (const [name, regionId] of Object.entries(REGION_NAMES))
    result = result.split(name).join(` ${regionId} `);
  return result
    .replace(/(\p{Script=Han})(?=[A-Za-z0-9])/gu, '$1 ')
    .replace(/([A-Za-z0-9])(?=\p{Script=Han})/gu, '$1 ');
}

function chineseWords(token: string): string[] {
  let rest = token;
  for (const filler of CJK_FILLERS) rest = rest.split(filler).join(' ');
  return rest
    .split(' ')
    .map((part) => part.replace(CJK_EDGE_PARTICLES, ''))
    .filter((part) => part !== '');
}

/**
 * The words of a message that may name a package, an instance or a region, in order: Slack markup,
 * punctuation, English stopwords and Chinese fillers removed; Chinese region names become region ids.
 */
export function meaningfulWords(text: string): string[] {
  return spaced(cleanMessage(text))
    .split(/[\s,;，；、]+/)
    .map((token) => token.replace(EDGE_PUNCTUATION, ''))
    .filter((token) => token !== '')
    .flatMap((token) => {
      if (HAN.test(token)) return chineseWords(token);
      return STOPWORDS.has(token.toLowerCase()) ? [] : [token];
    });
}

/** True for a word that looks like an instance id (`i-…`, any length, so validation can report bad ones). */
export function isInstanceIdWord(word: string): boolean {
  return word.startsWith('i-') && word.length > 2;
}

/** True for a word shaped like a region id. */
export function isRegionIdWord(word: string): boolean {
  return REGION_ID_PATTERN.test(word.toLowerCase());
}
