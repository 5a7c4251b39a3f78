/**
 * vitest globalSetup: when ECS_EXT_TEST_DATABASE_URL reaches a PostgreSQL server, creates a database
 * with a random name for this test run, hands its URL to the tests (`inject('pgDatabaseUrl')`) and
 * drops it afterwards. Without a server the PostgreSQL suites skip, and this says how to enable them;
 * under CI an unreachable server fails the run instead.
 */
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of this run's own database, or undefined when the PostgreSQL suites are skipped. */
    pgDatabaseUrl: string | undefined;
  }
}

const VARIABLE = 'ECS_EXT_TEST_DATABASE_URL';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function tryConnect(url: string): Promise<Client | Error> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    return err instanceof Error ? err : new Error(String(err));
  }
}

let dropDatabase: (() => Promise<void>) | undefined;

/** Creates the run's database (or decides to skip) before any test file loads. */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env[VARIABLE];
  if (!url) {
    if (process.env.CI) throw new Error(`${VARIABLE} is not set: CI must run the PostgreSQL suites.`);
    console.warn(
      `PostgreSQL suites skipped: set ${VARIABLE} (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them.`,
    );
    project.provide('pgDatabaseUrl', undefined);
    return;
  }
  const admin = await tryConnect(url);
  if (admin instanceof Error) {
    const problem = `${VARIABLE} is set but no PostgreSQL server answered there (${admin.message})`;
    if (process.env.CI) throw new Error(`${problem}: CI must run the PostgreSQL suites.`);
    console.warn(`PostgreSQL suites skipped: ${problem}.`);
    project.provide('pgDatabaseUrl', undefined);
    return;
  }
  const name = `ecs_ext_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
  project.provide('pgDatabaseUrl', withDatabase(url, name));
  dropDatabase = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  };
}

/** Drops the run's database. */
export async function teardown(): Promise<void> {
  await dropDatabase?.();
}
