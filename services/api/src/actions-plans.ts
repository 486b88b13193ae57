// Plans (limit templates, admin-only) and a project's plan and limit overrides. A change that can alter a
// project's effective limits publishes ProjectChanged with the hashes of that project's usable keys.

import { effectiveLimits, type LimitsJson } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import type { Action, ActionDeps } from './actions.ts';
import { readJsonObject } from './body.ts';
import { createPlanBody, putLimitsBody, putPlanBody, SLUG, setPlanBody } from './domain/bodies.ts';
import { requireUuid } from './domain/validate.ts';

export function planActions(d: ActionDeps) {
  const planId = (params: Record<string, string>) => {
    if (params.planId.length > 64 || !SLUG.test(params.planId)) throw new GatewayError('not_found', 'plan not found');
    return params.planId;
  };

  async function limitsChanged(projectIds: string[], change: 'limits' | 'plan'): Promise<void> {
    const hashes = await d.store.activeKeyHashes(projectIds, d.now());
    for (const [projectId, keyHashes] of hashes) await d.events.projectChanged({ projectId, change, keyHashes });
  }

  async function limitsView(projectId: string) {
    const l = await d.store.projectLimits(projectId);
    if (!l) throw new GatewayError('not_found', 'project not found');
    return { project_id: projectId, plan: l.planId, plan_limits: l.planLimits, overrides: l.overrides, effective: effectiveLimits(l.planLimits, l.overrides) };
  }

  return {
    listPlans: (async ({ req }) => {
      await d.auth.requireAdmin(req);
      return { status: 200, body: { data: await d.store.listPlans() } };
    }) satisfies Action,

    createPlan: (async ({ req }) => {
      await d.auth.requireAdmin(req);
      const body = createPlanBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      const plan = await d.store.createPlan({ id: body.id, name: body.name, limits: body.limits, at: d.now() });
      if (!plan) throw new GatewayError('invalid_request', `plan ${body.id} already exists`, { param: 'id' });
      return { status: 201, body: plan };
    }) satisfies Action,

    getPlan: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const plan = await d.store.getPlan(planId(params));
      if (!plan) throw new GatewayError('not_found', 'plan not found');
      return { status: 200, body: plan };
    }) satisfies Action,

    putPlan: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const id = planId(params);
      const body = putPlanBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      const plan = await d.store.updatePlan(id, { name: body.name, limits: body.limits, at: d.now() });
      if (!plan) throw new GatewayError('not_found', 'plan not found');
      await limitsChanged(await d.store.projectsOnPlan(id), 'plan');
      return { status: 200, body: plan };
    }) satisfies Action,

    deletePlan: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const result = await d.store.deletePlan(planId(params));
      if (result === 'missing') throw new GatewayError('not_found', 'plan not found');
      if (result === 'in_use') throw new GatewayError('invalid_request', 'plan is in use: move its projects to another plan first');
      return { status: 204 };
    }) satisfies Action,

    setProjectPlan: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const { plan } = setPlanBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      if (plan !== null && !(await d.store.getPlan(plan))) throw new GatewayError('invalid_request', `no plan ${plan}`, { param: 'plan' });
      await d.store.setProjectPlan(p.id, plan);
      await limitsChanged([p.id], 'plan');
      return { status: 200, body: await limitsView(p.id) };
    }) satisfies Action,

    getProjectLimits: (async ({ req, params }) => {
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      return { status: 200, body: await limitsView((await d.project(params)).id) };
    }) satisfies Action,

    putProjectLimits: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const overrides: LimitsJson = putLimitsBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      await d.store.setLimitOverrides(p.id, overrides);
      await limitsChanged([p.id], 'limits');
      return { status: 200, body: await limitsView(p.id) };
    }) satisfies Action,
  };
}
