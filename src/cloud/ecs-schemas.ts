/**
 * zod schemas of the ECS (2014-05-26) SDK results, camelCase as the v7 SDK models hold them; only
 * the fields the adapter reads, lenient on everything optional.
 */
import { z } from 'zod';

const optionalString = z.string().nullish().catch(undefined);

/** One region of DescribeRegions. */
export const EcsRegion = z.object({
  regionId: z.string(),
  localName: optionalString,
  status: optionalString,
});
export type EcsRegion = z.infer<typeof EcsRegion>;

/** DescribeRegions body. */
export const DescribeRegionsBody = z.object({
  requestId: optionalString,
  regions: z.object({ region: z.array(EcsRegion).nullish() }).nullish(),
});
export type DescribeRegionsBody = z.infer<typeof DescribeRegionsBody>;

/** One instance of DescribeInstances. */
export const EcsInstanceItem = z.object({
  instanceId: z.string(),
  instanceName: optionalString,
  regionId: optionalString,
  status: optionalString,
  OSType: optionalString,
  OSName: optionalString,
});
export type EcsInstanceItem = z.infer<typeof EcsInstanceItem>;

/** DescribeInstances body. */
export const DescribeInstancesBody = z.object({
  requestId: optionalString,
  nextToken: optionalString,
  instances: z.object({ instance: z.array(EcsInstanceItem).nullish() }).nullish(),
});
export type DescribeInstancesBody = z.infer<typeof DescribeInstancesBody>;

/** One instance of DescribeCloudAssistantStatus; the status is the string "true" or "false". */
export const EcsCloudAssistantStatus = z.object({
  instanceId: z.string(),
  cloudAssistantStatus: z.union([z.string(), z.boolean()]).nullish().catch(undefined),
  cloudAssistantVersion: optionalString,
});
export type EcsCloudAssistantStatus = z.infer<typeof EcsCloudAssistantStatus>;

/** DescribeCloudAssistantStatus body. */
export const DescribeCloudAssistantStatusBody = z.object({
  requestId: optionalString,
  nextToken: optionalString,
  instanceCloudAssistantStatusSet: z
    .object({ instanceCloudAssistantStatus: z.array(EcsCloudAssistantStatus).nullish() })
    .nullish(),
});
export type DescribeCloudAssistantStatusBody = z.infer<typeof DescribeCloudAssistantStatusBody>;
