/**
 * OOS (Operation Orchestration Service, 2019-06-01) adapter: the domain's OosPort over the generic
 * `@alicloud/openapi-core` client, one client per region, responses validated with zod.
 */
import { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import type { z } from 'zod';
import { CloudError } from '../domain/errors.js';
import type { InstalledPackage } from '../domain/lifecycle/installed-package.js';
import type { Execution, TaskExecution, TemplateDocument, TemplateSummary } from '../domain/model.js';
import type { Logger, OosPort } from '../domain/ports.js';
import { parseResponse } from './cloud-errors.js';
import { resolveOosEndpoint } from './endpoints.js';
import {
  parseTemplateContent,
  toExecution,
  toInstalledPackage,
  toTaskExecution,
  toTemplateSummary,
} from './oos-normalise.js';
import {
  CancelExecutionResponse,
  GetTemplateResponse,
  ListExecutionsResponse,
  ListInstancePackageStatesResponse,
  ListTaskExecutionsResponse,
  ListTemplatesResponse,
  StartExecutionResponse,
} from './oos-schemas.js';
import { type RetryOptions, withRetry } from './retry.js';
import { type Credential, OpenApi, requireCredential, sdkConfig } from './sdk.js';

const VERSION = '2019-06-01';
const PAGE_SIZE = 100;
/** Guard against a service that never stops returning a NextToken. */
const MAX_PAGES = 500;

/** What an OosClient needs: the shared credential, an optional endpoint override, logging, retries. */
export interface OosClientDeps {
  credential: Credential;
  /** ECS_EXT_OOS_ENDPOINT: host or URL, may hold `{region}`; default `oos.{region}.aliyuncs.com`. */
  endpoint?: string;
  logger: Logger;
  retry: RetryOptions;
}

type Query = Record<string, string | number | boolean | undefined>;

/** OosPort over the real OOS API. */
export class OosClient implements OosPort {
  private readonly clients = new Map<string, OpenApi>();

  constructor(private readonly deps: OosClientDeps) {}

  /**
   * Every public Package template, following NextToken.
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-listtemplates
   */
  async listTemplates(query: {
    regionId: string;
    templateType: 'Package';
    shareType: 'Public';
  }): Promise<TemplateSummary[]> {
    const pages = await this.allPages(query.regionId, 'ListTemplates', ListTemplatesResponse, {
      TemplateType: query.templateType,
      ShareType: query.shareType,
    });
    return pages.flatMap((page) => (page.Templates ?? []).map(toTemplateSummary));
  }

  /**
   * One template with its Content parsed (JSON or YAML).
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-gettemplate
   */
  async getTemplate(query: {
    regionId: string;
    templateName: string;
    templateVersion?: string;
  }): Promise<TemplateDocument> {
    const action = 'GetTemplate';
    const body = await this.call(query.regionId, action, GetTemplateResponse, {
      TemplateName: query.templateName,
      TemplateVersion: query.templateVersion,
    });
    let content: Record<string, unknown>;
    try {
      content = parseTemplateContent(body.Content, body.Template.TemplateFormat);
    } catch {
      throw new CloudError({
        kind: 'unknown',
        code: 'InvalidTemplateContent',
        service: 'oos',
        action,
        requestId: body.RequestId ?? undefined,
        message: `OOS template ${query.templateName} has a Content that is neither JSON nor YAML.`,
      });
    }
    return { summary: toTemplateSummary(body.Template), content };
  }

  /**
   * Starts an execution; Parameters and Tags travel as JSON strings, ClientToken makes it idempotent.
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-startexecution
   */
  async startExecution(input: {
    regionId: string;
    templateName: string;
    mode: 'Automatic';
    clientToken: string;
    parameters: Record<string, unknown>;
    description?: string;
    tags?: Record<string, string>;
  }): Promise<Execution> {
    const body = await this.call(input.regionId, 'StartExecution', StartExecutionResponse, {
      TemplateName: input.templateName,
      Mode: input.mode,
      ClientToken: input.clientToken,
      Parameters: JSON.stringify(input.parameters),
      Tags: input.tags ? JSON.stringify(input.tags) : undefined,
      Description: input.description,
    });
    return toExecution(body.Execution);
  }

  /**
   * Executions matching the filters, following NextToken.
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-listexecutions
   */
  async listExecutions(query: {
    regionId: string;
    templateName?: string;
    status?: string;
    executionId?: string;
    resourceId?: string;
    startDateAfter?: string;
    tags?: Record<string, string>;
  }): Promise<Execution[]> {
    const pages = await this.allPages(query.regionId, 'ListExecutions', ListExecutionsResponse, {
      TemplateName: query.templateName,
      Status: query.status,
      ExecutionId: query.executionId,
      ResourceId: query.resourceId,
      StartDateAfter: query.startDateAfter,
      Tags: query.tags ? JSON.stringify(query.tags) : undefined,
    });
    return pages.flatMap((page) => (page.Executions ?? []).map(toExecution));
  }

  /**
   * Task executions of one execution (with loop children when asked), following NextToken.
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-listtaskexecutions
   */
  async listTaskExecutions(query: {
    regionId: string;
    executionId: string;
    taskName?: string;
    includeChildren: boolean;
  }): Promise<TaskExecution[]> {
    const pages = await this.allPages(query.regionId, 'ListTaskExecutions', ListTaskExecutionsResponse, {
      ExecutionId: query.executionId,
      TaskName: query.taskName,
      IncludeChildTaskExecution: query.includeChildren,
    });
    return pages.flatMap((page) => (page.TaskExecutions ?? []).map(toTaskExecution));
  }

  /**
   * Cancels a running execution.
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-cancelexecution
   */
  async cancelExecution(query: { regionId: string; executionId: string }): Promise<void> {
    await this.call(query.regionId, 'CancelExecution', CancelExecutionResponse, {
      ExecutionId: query.executionId,
    });
  }

  /**
   * The extensions OOS records as installed on one instance, following NextToken; TemplateNames travels
   * as a JSON list.
   * @see https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-listinstancepackagestates
   */
  async listInstancePackageStates(query: {
    regionId: string;
    instanceId: string;
    templateNames?: string[];
  }): Promise<InstalledPackage[]> {
    const names = query.templateNames?.length ? JSON.stringify(query.templateNames) : undefined;
    const pages = await this.allPages(
      query.regionId,
      'ListInstancePackageStates',
      ListInstancePackageStatesResponse,
      { InstanceId: query.instanceId, TemplateNames: names },
    );
    return pages.flatMap((page) =>
      (page.PackageStates ?? []).map((state) => toInstalledPackage(state, query.instanceId)),
    );
  }

  private clientFor(regionId: string): OpenApi {
    let client = this.clients.get(regionId);
    if (!client) {
      const endpoint = resolveOosEndpoint(this.deps.endpoint, regionId);
      client = new OpenApi(sdkConfig(this.deps.credential, regionId, endpoint));
      this.clients.set(regionId, client);
    }
    return client;
  }

  private async allPages<S extends z.ZodType<{ NextToken?: string | null }>>(
    regionId: string,
    action: string,
    schema: S,
    query: Query,
  ): Promise<Array<z.infer<S>>> {
    const pages: Array<z.infer<S>> = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await this.call(regionId, action, schema, {
        ...query,
        MaxResults: PAGE_SIZE,
        NextToken: nextToken,
      });
      pages.push(page);
      nextToken = page.NextToken || undefined;
      if (nextToken && seen.has(nextToken)) break;
      if (nextToken) seen.add(nextToken);
    } while (nextToken && pages.length < MAX_PAGES);
    return pages;
  }

  private async call<S extends z.ZodType>(
    regionId: string,
    action: string,
    schema: S,
    query: Query,
  ): Promise<z.infer<S>> {
    const site = {
      service: 'oos' as const,
      action,
      regionId,
      logger: this.deps.logger,
      retry: this.deps.retry,
    };
    const params = new $OpenApiUtil.Params({
      action,
      version: VERSION,
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const request = new $OpenApiUtil.OpenApiRequest({
      query: OpenApiUtil.query({ RegionId: regionId, ...query }),
    });
    const response = await withRetry(
      site,
      async () => {
        await requireCredential(this.deps.credential, site);
        return this.clientFor(regionId).callApi(params, request, new $dara.RuntimeOptions({}));
      },
      (result) => requestIdOf(result.body),
    );
    return parseResponse(schema, response.body, site, requestIdOf(response.body));
  }
}

function requestIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>).RequestId;
  return typeof id === 'string' ? id : undefined;
}
