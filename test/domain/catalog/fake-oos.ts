import { CloudError } from '../../../src/domain/errors.js';
import type { TemplateDocument, TemplateSummary } from '../../../src/domain/model.js';
import type { Clock, OosPort } from '../../../src/domain/ports.js';

/** A call the test answers by hand, to hold a request in flight. */
interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * OosPort fake for catalog tests: serves `templates` and `documents`, counts calls, and can hold
 * calls open (`hold`) or fail them (`failNext`). Execution methods are not used by the catalog.
 */
export class FakeOos implements OosPort {
  templates: TemplateSummary[] = [];
  documents = new Map<string, TemplateDocument>();
  listCalls = 0;
  getCalls: string[] = [];
  private holding = false;
  private readonly held: Array<Pending<TemplateSummary[]>> = [];
  private failures: unknown[] = [];

  /** Calls made from now on stay pending until `release` or `releaseWithError`. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const call of this.held.splice(0)) call.resolve(this.templates);
  }

  releaseWithError(error: unknown): void {
    this.holding = false;
    for (const call of this.held.splice(0)) call.reject(error);
  }

  failNext(error: unknown): void {
    this.failures.push(error);
  }

  listTemplates(): Promise<TemplateSummary[]> {
    this.listCalls++;
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    if (this.holding) return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
    return Promise.resolve(this.templates);
  }

  getTemplate(query: { templateName: string }): Promise<TemplateDocument> {
    this.getCalls.push(query.templateName);
    const doc = this.documents.get(query.templateName);
    if (doc) return Promise.resolve(doc);
    return Promise.reject(
      new CloudError({
        kind: 'not_found',
        code: 'EntityNotExists.Template',
        service: 'oos',
        action: 'GetTemplate',
        message: 'The specified template does not exist.',
        httpStatus: 404,
      }),
    );
  }

  startExecution(): never {
    throw new Error('not used by the catalog');
  }

  listExecutions(): never {
    throw new Error('not used by the catalog');
  }

  listTaskExecutions(): never {
    throw new Error('not used by the catalog');
  }

  cancelExecution(): never {
    throw new Error('not used by the catalog');
  }

  listInstancePackageStates(): never {
    throw new Error('not used by the catalog');
  }
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = Date.parse('2025-03-01T00:00:00Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  setTimer(): () => void {
    return () => {};
  }
}
