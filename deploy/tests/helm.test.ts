// The Helm chart, offline: lint, render several value sets, validate every manifest against the Kubernetes
// schemas, and assert what matters for running Tollgate (probes, limits, non-root, secrets, shutdown timing).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SCALARS } from '../../packages/config/src/schema.ts';
import { byKind, type Doc, find, helm, parseStream, root, stagedChart, template, validateManifest, workloads } from './manifests.ts';

const external = {
  mode: 'distributed',
  secrets: { adminKey: 'tg_admin_0123456789abcdef', openaiApiKey: 'sk-test-openai' },
  backends: {
    nats: { url: 'nats://nats.messaging.svc:4222' },
    redis: { url: 'redis://:pw@redis.cache.svc:6379' },
    postgres: { url: 'postgres://tollgate:pw@pg.db.svc:5432/tollgate' },
    clickhouse: { url: 'http://default:pw@ch.db.svc:8123' },
  },
  config: { file: { prices: { 'my-model': { input: 1, output: 2 } } } },
  otel: { endpoint: 'http://otel-collector:4318' },
};
const autoscaled = { enabled: true, minReplicas: 3, maxReplicas: 12, targetCPUUtilizationPercentage: 65, targetMemoryUtilizationPercentage: 80 };
const ha = {
  ...external,
  services: Object.fromEntries(['ingress', 'cache', 'router', 'ingest', 'alerts', 'api'].map((s) => [s, { autoscaling: autoscaled }])),
  ingress: { enabled: true, className: 'nginx', hosts: [{ host: 'llm.example.com' }], tls: [{ secretName: 'tls', hosts: ['llm.example.com'] }] },
  metrics: { serviceMonitor: { enabled: true } },
};
(ha.services.ingress as Record<string, unknown>).grpc = { enabled: true, port: 50050 };
const bundled = { mode: 'distributed', nats: { enabled: true }, redis: { enabled: true }, postgresql: { enabled: true }, clickhouse: { enabled: true } };
const existing = path.join(root, 'deploy/k8s/base/values.yaml');

let tmp: string;
let staged: { chart: string; cleanup(): void };
const sets: Record<string, Doc[]> = {};
const valuesFile = (name: string, v: unknown) => {
  const f = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(f, stringify(v));
  return f;
};
const render = (valuesFiles: string[], set: string[] = []) => parseStream(template({ chart: staged.chart, valuesFiles, set }));

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-values-'));
  staged = stagedChart();
  sets.defaults = render([]);
  sets.external = render([valuesFile('external', external)]);
  sets.ha = render([valuesFile('ha', ha)]);
  sets.bundled = render([valuesFile('bundled', bundled)]);
  sets.existingSecrets = render([existing]);
});
afterAll(() => {
  staged?.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('helm chart', () => {
  it('passes helm lint --strict, with every value set', () => {
    expect(helm(['lint', '--strict', 'CHART'], staged.chart)).toContain('0 chart(s) failed');
    expect(helm(['lint', '--strict', 'CHART', '--values', valuesFile('ha-lint', ha)], staged.chart)).toContain('0 chart(s) failed');
  });

  it('renders manifests that the Kubernetes schemas accept', async () => {
    for (const [name, docs] of Object.entries(sets)) {
      expect(docs.length, name).toBeGreaterThan(5);
      for (const d of docs) await expect(validateManifest(d), `${name}: ${d.kind}/${d.metadata.name}`).resolves.toBeUndefined();
    }
  });

  it('defaults to one all-in-one pod with embedded backends and a generated admin key', () => {
    const deps = byKind(sets.defaults, 'Deployment');
    expect(deps.map((d) => d.metadata.name)).toEqual(['tollgate-all-in-one']);
    expect(deps[0].spec.replicas).toBe(1);
    expect(deps[0].spec.strategy.type).toBe('Recreate');
    expect(deps[0].spec.template.spec.containers[0].command).toEqual(['node', 'services/all-in-one/src/main.ts']);
    const secret = find(sets.defaults, 'Secret', 'tollgate')!;
    expect(Object.keys(secret.data!)).toEqual(['TOLLGATE_ADMIN_KEY']);
    expect(Buffer.from(secret.data!.TOLLGATE_ADMIN_KEY, 'base64').toString()).toMatch(/^tg_admin_[A-Za-z0-9]{40}$/);
    expect(byKind(sets.defaults, 'Job')).toEqual([]);
  });

  it('runs one Deployment, Service and PodDisruptionBudget per service in distributed mode', () => {
    const names = ['ingress', 'cache', 'router', 'ingest', 'alerts', 'api'];
    for (const set of ['external', 'ha', 'bundled', 'existingSecrets']) {
      for (const n of names) {
        const dep = find(sets[set], 'Deployment', `tollgate-${n}`);
        expect(dep, `${set} ${n}`).toBeDefined();
        expect(dep!.spec.template.spec.containers[0].command).toEqual(['node', `services/${n}/src/main.ts`]);
        expect(find(sets[set], 'Service', `tollgate-${n}`), `${set} ${n} Service`).toBeDefined();
        const pdb = find(sets[set], 'PodDisruptionBudget', `tollgate-${n}`)!;
        expect(pdb.spec.selector.matchLabels).toEqual(dep!.spec.selector.matchLabels);
      }
    }
  });

  it('gives every container probes on real health endpoints, limits, and a locked-down security context', () => {
    for (const [set, docs] of Object.entries(sets)) {
      for (const w of workloads(docs)) {
        const pod = w.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, `${set} ${w.metadata.name}`).toBe(true);
        expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
        expect(pod.automountServiceAccountToken).toBe(false);
        for (const c of pod.containers) {
          const where = `${set} ${w.kind}/${w.metadata.name}/${c.name}`;
          expect(c.resources.limits.memory, where).toBeTruthy();
          expect(c.resources.limits.cpu, where).toBeTruthy();
          expect(c.resources.requests.memory, where).toBeTruthy();
          expect(c.securityContext, where).toMatchObject({
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          });
          expect(c.image, where).not.toMatch(/:latest$/);
          // Writable paths are volumes, since the root filesystem is read-only.
          expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath), where).toEqual(expect.arrayContaining(['/tmp', '/data']));
          if (w.kind !== 'Deployment') continue;
          const ports = new Set(c.ports.map((p: { name: string }) => p.name));
          expect(c.startupProbe.httpGet.path, where).toBe('/health');
          expect(c.readinessProbe.httpGet.path, where).toBe('/health');
          // liveness must not follow the backends (/health does): /livez answers while the event loop does.
          expect(c.livenessProbe.httpGet, where).toEqual({ path: '/livez', port: c.readinessProbe.httpGet.port });
          expect(c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds, where).toBeGreaterThanOrEqual(60);
          for (const p of [c.startupProbe.httpGet.port, c.readinessProbe.httpGet.port, c.livenessProbe.httpGet.port]) expect(ports.has(p), `${where} probe port ${p}`).toBe(true);
          // The probed port is the one the service serves /health on (docs/CONTRACTS.md).
          const env = Object.fromEntries(c.env.filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]));
          const probed = c.ports.find((p: { name: string }) => p.name === c.readinessProbe.httpGet.port).containerPort;
          const served = env.HEALTH_ADDR ?? (c.name === 'api' ? env.API_ADDR : `${env.HOST}:${env.PORT}`);
          expect(served, where).toBe(`0.0.0.0:${probed}`);
        }
      }
    }
  });

  it('stops pods only after they drain: terminationGracePeriodSeconds exceeds preStop sleep plus TOLLGATE_SHUTDOWN_GRACE_MS', () => {
    for (const [set, docs] of Object.entries(sets)) {
      const grace = Number(find(docs, 'ConfigMap', 'tollgate-config')!.data!.TOLLGATE_SHUTDOWN_GRACE_MS);
      expect(grace).toBe(SCALARS.shutdownGraceMs.default);
      for (const d of byKind(docs, 'Deployment')) {
        const pod = d.spec.template.spec;
        const sleep = pod.containers[0].lifecycle.preStop.sleep.seconds;
        expect(pod.terminationGracePeriodSeconds * 1000, `${set} ${d.metadata.name}`).toBeGreaterThan(grace + sleep * 1000);
      }
    }
    const tight = valuesFile('tight', { shutdown: { shutdownGraceMs: 40000 } });
    expect(() => render([tight])).toThrow(/terminationGracePeriodSeconds \(30s\) must exceed/);
    const raised = render([valuesFile('raised', { shutdown: { shutdownGraceMs: 40000, terminationGracePeriodSeconds: 50 } })]);
    expect(find(raised, 'ConfigMap', 'tollgate-config')!.data!.TOLLGATE_SHUTDOWN_GRACE_MS).toBe('40000');
  });

  it('sets only variables that packages/config knows, binding to all interfaces and dialing real Services', () => {
    const known = new Set<string>([...Object.values(SCALARS).map((s) => s.env), 'TOLLGATE_CONFIG', 'TOLLGATE_ENCRYPTION_KEY']);
    for (const [set, docs] of Object.entries(sets)) {
      const cm = find(docs, 'ConfigMap', 'tollgate-config')!;
      for (const w of workloads(docs)) {
        for (const c of w.spec.template.spec.containers) {
          const names = [...Object.keys(cm.data!), ...c.env.map((e: { name: string }) => e.name)];
          for (const n of names) if (n.startsWith('TOLLGATE_')) expect(known.has(n), `${set} ${c.name} sets unknown ${n}`).toBe(true);
          for (const e of c.env) {
            if (!/_ADDR$/.test(e.name) || !e.value || e.value.startsWith('0.0.0.0:')) continue;
            const [host, port] = e.value.split(':');
            const svc = find(docs, 'Service', host.split('.')[0]);
            expect(svc, `${set} ${e.name}=${e.value}`).toBeDefined();
            expect(host).toBe(`${svc!.metadata.name}.tollgate.svc`);
            expect(svc!.spec.ports.map((p: { port: number }) => String(p.port))).toContain(port);
          }
        }
      }
    }
  });

  it('takes every secret value from the values or from an existing Secret, never inventing one', () => {
    // Values given: the chart's Secret holds exactly them.
    const secret = find(sets.external, 'Secret', 'tollgate')!;
    const decoded = Object.fromEntries(Object.entries(secret.data!).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(decoded).toEqual({
      TOLLGATE_ADMIN_KEY: external.secrets.adminKey,
      OPENAI_API_KEY: external.secrets.openaiApiKey,
      NATS_URL: external.backends.nats.url,
      REDIS_URL: external.backends.redis.url,
      DATABASE_URL: external.backends.postgres.url,
      CLICKHOUSE_URL: external.backends.clickhouse.url,
    });
    // Existing Secrets: the chart creates none and every reference names them.
    expect(byKind(sets.existingSecrets, 'Secret')).toEqual([]);
    // Bundled backends: passwords come from the sub-charts' own Secrets.
    const allowed: Record<string, string[]> = {
      external: ['tollgate'],
      ha: ['tollgate'],
      defaults: ['tollgate'],
      existingSecrets: ['tollgate-secrets', 'tollgate-backends'],
      bundled: ['tollgate', 'tollgate-redis', 'tollgate-postgresql', 'tollgate-clickhouse'],
    };
    for (const [set, docs] of Object.entries(sets)) {
      const chartSecret = find(docs, 'Secret', 'tollgate');
      for (const w of workloads(docs)) {
        for (const c of w.spec.template.spec.containers) {
          for (const e of c.env) {
            const ref = e.valueFrom?.secretKeyRef;
            if (e.value !== undefined) expect(e.name, `${set}: plain value for ${e.name}`).not.toMatch(/KEY|PASSWORD/);
            // A URL given as a plain value carries no credential, only a $(X_PASSWORD) taken from a Secret.
            if (e.value !== undefined && /_URL$/.test(e.name) && e.value.includes('@')) expect(e.value, `${set} ${e.name}`).toMatch(/^\w+:\/\/[\w-]*:\$\([A-Z_]+_PASSWORD\)@/);
            if (!ref) continue;
            expect(allowed[set], `${set} ${e.name} -> ${ref.name}`).toContain(ref.name);
            if (ref.name === 'tollgate') expect(Object.keys(chartSecret!.data!), `${set} ${e.name}`).toContain(ref.key);
          }
        }
      }
    }
    // Nothing secret in the chart's default values.
    const values = fs.readFileSync(path.join(root, 'helm/tollgate/values.yaml'), 'utf8');
    expect(values).toMatch(/^ {2}adminKey: ""$/m);
    expect(values).toMatch(/^ {2}openaiApiKey: ""$/m);
    expect(values).not.toMatch(/url: "[^"]/);
  });

  it('wires bundled sub-charts through their Services and Secrets', () => {
    const env = find(sets.bundled, 'Deployment', 'tollgate-api')!.spec.template.spec.containers[0].env;
    const value = (n: string) => env.find((e: { name: string }) => e.name === n)?.value;
    expect(value('NATS_URL')).toBe('nats://tollgate-nats.tollgate.svc:4222');
    expect(value('REDIS_URL')).toBe('redis://:$(REDIS_PASSWORD)@tollgate-redis-master.tollgate.svc:6379');
    expect(value('DATABASE_URL')).toBe('postgres://tollgate:$(POSTGRES_PASSWORD)@tollgate-postgresql.tollgate.svc:5432/tollgate');
    expect(value('CLICKHOUSE_URL')).toBe('http://default:$(CLICKHOUSE_PASSWORD)@tollgate-clickhouse.tollgate.svc:8123');
    // $(VAR) expands only when VAR is defined earlier in the list.
    const order = env.map((e: { name: string }) => e.name);
    expect(order.indexOf('REDIS_PASSWORD')).toBeLessThan(order.indexOf('REDIS_URL'));
    expect(order.indexOf('POSTGRES_PASSWORD')).toBeLessThan(order.indexOf('DATABASE_URL'));
  });

  it('runs migrations and JetStream set-up as Helm hook Jobs when the backends are configured', () => {
    const jobs = byKind(sets.external, 'Job');
    expect(jobs.map((j) => [j.metadata.name, j.spec.template.spec.containers[0].command.join(' ')])).toEqual(
      expect.arrayContaining([
        ['tollgate-setup-nats', 'node scripts/setup-nats.ts'],
        ['tollgate-migrate-postgres', 'node services/api/src/migrate.ts'],
        ['tollgate-migrate-clickhouse', 'node services/ingest/src/migrate.ts'],
      ]),
    );
    for (const j of jobs) {
      expect(j.metadata.annotations!['helm.sh/hook']).toBe('post-install,pre-upgrade');
      expect(j.spec.template.spec.restartPolicy).toBe('Never');
      const env = j.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
      const needs = { 'tollgate-setup-nats': 'NATS_URL', 'tollgate-migrate-postgres': 'DATABASE_URL', 'tollgate-migrate-clickhouse': 'CLICKHOUSE_URL' }[j.metadata.name]!;
      expect(env).toContain(needs);
    }
    expect(Number(find(sets.external, 'Job', 'tollgate-setup-nats')!.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(0);
  });

  it('autoscales with an HPA per service and leaves replicas to it', () => {
    for (const d of byKind(sets.ha, 'Deployment')) {
      expect(d.spec.replicas, d.metadata.name).toBeUndefined();
      const hpa = find(sets.ha, 'HorizontalPodAutoscaler', d.metadata.name)!;
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name });
      expect(hpa.spec.minReplicas).toBe(3);
      expect(hpa.spec.metrics.map((m: { resource: { name: string } }) => m.resource.name)).toEqual(['cpu', 'memory']);
      expect(d.spec.template.spec.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    }
    expect(byKind(sets.external, 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('routes the Ingress by path, exposes the gRPC port and scrapes /metrics', () => {
    const ing = find(sets.ha, 'Ingress', 'tollgate')!;
    const routes = Object.fromEntries(ing.spec.rules[0].http.paths.map((p: { path: string; backend: { service: { name: string } } }) => [p.path, p.backend.service.name]));
    expect(routes).toEqual({ '/v1': 'tollgate-ingress', '/v1/projects': 'tollgate-api', '/api': 'tollgate-api' });
    const svc = find(sets.ha, 'Service', 'tollgate-ingress')!;
    expect(svc.spec.ports).toContainEqual(expect.objectContaining({ name: 'grpc', port: 50050, appProtocol: 'grpc' }));
    expect(find(sets.external, 'Service', 'tollgate-ingress')!.spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
    const monitors = byKind(sets.ha, 'ServiceMonitor');
    expect(monitors).toHaveLength(6);
    for (const m of monitors) {
      const svcPorts = find(sets.ha, 'Service', m.metadata.name)!.spec.ports.map((p: { name: string }) => p.name);
      expect(svcPorts).toContain(m.spec.endpoints[0].port);
      expect(m.spec.endpoints[0].path).toBe('/metrics');
    }
  });

  it('passes OTLP and the YAML config file to every service', () => {
    const cm = find(sets.external, 'ConfigMap', 'tollgate-config')!.data!;
    expect(cm.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    expect(cm.TOLLGATE_CONFIG).toBe('/etc/tollgate/config.yaml');
    expect(find(sets.external, 'ConfigMap', 'tollgate-file')!.data!['config.yaml']).toContain('my-model');
    const names = byKind(sets.external, 'Deployment').map((d) => d.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'OTEL_SERVICE_NAME').value);
    expect(new Set(names).size).toBe(6);
  });

  it('refuses bad values with a message that names the problem', () => {
    const cases: [unknown, RegExp][] = [
      [{ mode: 'cluster' }, /\/mode.*must be one of 'all-in-one', 'distributed'/],
      [{ image: { tag: 'latest' } }, /image\.tag must be an immutable version/],
      [{ image: { digest: 'sha256:abc' } }, /\/image\/digest/],
      [{ backends: { postgres: { url: 'mysql://x' } } }, /\/backends\/postgres\/url.*does not match pattern/],
      [{ config: { logLevel: 'verbose' } }, /\/config\/logLevel.*must be one of/],
      [{ config: { extraEnv: { TOLLGATE_TYPO: '1' } } }, /invalid propertyName 'TOLLGATE_TYPO'/],
      [{ services: { ingress: { replicas: 0 } } }, /\/services\/ingress\/replicas.*minimum/],
      [{ services: { api: { resources: { requests: { cpu: '1', memory: null } } } } }, /\/services\/api\/resources.*(missing|required).*memory/],
      [{ services: { allInOne: { autoscaling: { enabled: true } } } }, /\/services\/allInOne.*'autoscaling' not allowed/],
      [{ securityContext: { readOnlyRootFilesystem: false } }, /\/securityContext\/readOnlyRootFilesystem/],
      [{ secrets: { adminKey: 'short' } }, /\/secrets\/adminKey/],
      [{ replicas: 3 }, /additional properties 'replicas' not allowed/],
      [{ mode: 'distributed' }, /mode=distributed needs a shared nats/],
    ];
    for (const [values, message] of cases) {
      expect(() => render([valuesFile('bad', values)]), JSON.stringify(values)).toThrow(message);
    }
  });
});
