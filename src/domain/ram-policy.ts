/**
 * The RAM permissions the bot and its install executions need: facts about Alibaba Cloud, shown to a
 * person when a permission error says one is missing.
 */

/** RAM actions the bot itself calls (OOS and ECS APIs). */
export const BOT_RAM_ACTIONS: readonly string[] = [
  'oos:ListTemplates',
  'oos:GetTemplate',
  'oos:StartExecution',
  'oos:ListExecutions',
  'oos:ListTaskExecutions',
  'oos:CancelExecution',
  'oos:ListInstancePackageStates',
  'ecs:DescribeRegions',
  'ecs:DescribeInstances',
  'ecs:DescribeCloudAssistantStatus',
];

/** RAM actions the install execution (ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL) needs. */
export const EXECUTION_RAM_ACTIONS: readonly string[] = [
  'bss:DescribeOrderDetail',
  'ecs:DescribeCloudAssistantStatus',
  'ecs:DescribeInstances',
  'ecs:DescribeInvocationResults',
  'ecs:DescribeInvocations',
  'ecs:RunCommand',
  'oos:GetApplicationGroup',
  'oos:GetTemplate',
  'oos:ListInstancePackageStates',
  'oos:UpdateInstancePackageState',
  'oss:GetObject',
];

/** The minimum RAM policy for the bot's own identity, as pretty-printed JSON. */
export const MINIMUM_RAM_POLICY: string = JSON.stringify(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: [...BOT_RAM_ACTIONS], Resource: '*' }] },
  null,
  2,
);
