// vitest globalSetup for the int and e2e projects: every service the tests need must answer before a test runs.
// Never skips silently: a missing service either gets a container (local, Docker present) or fails the run.
import type { TestProject } from 'vitest/node';
import { dockerAvailable, type Started, startContainer } from './containers.ts';
import { checks, envKey, type ServiceName, unreachableMessage, urlKey } from './service-checks.ts';
import { type TestUrls, testUrls } from './urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testUrls: TestUrls;
  }
}

const started: Started[] = [];

export async function setup(project: TestProject): Promise<void> {
  const urls = testUrls(process.env);
  const services = Object.keys(checks) as ServiceName[];
  const failures = new Map<ServiceName, unknown>();
  await Promise.all(services.map((s) => checks[s](urls[urlKey[s]]).catch((err) => failures.set(s, err))));
  if (failures.size > 0) {
    const ci = process.env.CI === 'true';
    const docker = !ci && (await dockerAvailable());
    if (!docker) {
      const extra = ci ? 'CI=true, so no container is started.' : 'No Docker engine is available to start one.';
      throw new Error([...failures].map(([s, err]) => unreachableMessage(s, urls[urlKey[s]], err, extra)).join('\n'));
    }
    for (const s of failures.keys()) {
      const c = await startContainer(s);
      started.push(c);
      await checks[s](c.url);
      urls[urlKey[s]] = c.url;
      process.env[envKey[s]] = c.url; // for workers started after this point
    }
  }
  project.provide('testUrls', urls);
}

export async function teardown(): Promise<void> {
  await Promise.all(started.splice(0).map((c) => c.stop()));
}
