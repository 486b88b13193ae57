// deploy/k8s is generated from the chart: regenerating must reproduce the committed files, every overlay must
// build with kubectl kustomize, and its output must equal the chart's own render of the same values.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs module without types
import * as gen from '../k8s/generate.mjs';
import { type Doc, parseStream, root, tools, validateManifest, workloads } from './manifests.ts';

const { generate, existingFiles, render, idOf, OVERLAYS } = gen as {
  generate(): Map<string, string>;
  existingFiles(): Map<string, string>;
  render(valuesFiles: string[]): Doc[];
  idOf(d: Doc): string;
  OVERLAYS: string[];
};
const k8s = path.join(root, 'deploy/k8s');
const kustomize = (dir: string) => parseStream(execFileSync(tools().kubectl, ['kustomize', path.join(k8s, dir)], { encoding: 'utf8' }));
const sorted = (docs: Doc[]) => [...docs].sort((a, b) => idOf(a).localeCompare(idOf(b)));

describe('deploy/k8s (kustomize)', () => {
  it('is up to date with the chart (node deploy/k8s/generate.mjs regenerates it)', () => {
    const fresh = generate();
    const onDisk = existingFiles();
    expect([...onDisk.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, content] of fresh) expect(onDisk.get(file), file).toBe(content);
  });

  it.each(['base', ...OVERLAYS])('%s builds with kubectl kustomize and equals the chart render of its values', async (name) => {
    const built = kustomize(name === 'base' ? 'base' : `overlays/${name}`);
    const values = [path.join(k8s, 'base/values.yaml')];
    if (name !== 'base') values.push(path.join(k8s, `overlays/${name}/values.yaml`));
    expect(sorted(built)).toEqual(sorted(render(values)));
    for (const d of built) await validateManifest(d);
    // Nothing secret is generated: every secret is referenced from Secrets the operator creates.
    expect(built.filter((d) => d.kind === 'Secret')).toEqual([]);
    for (const w of workloads(built)) {
      for (const c of w.spec.template.spec.containers) {
        for (const e of c.env) if (e.valueFrom?.secretKeyRef) expect(['tollgate-secrets', 'tollgate-backends']).toContain(e.valueFrom.secretKeyRef.name);
      }
    }
  });

  it('production autoscales the request path and adds Ingress and ServiceMonitors', () => {
    const kinds = kustomize('overlays/production').map((d) => d.kind);
    expect(kinds.filter((k) => k === 'HorizontalPodAutoscaler')).toHaveLength(4);
    expect(kinds).toContain('Ingress');
    expect(kinds.filter((k) => k === 'ServiceMonitor')).toHaveLength(6);
  });
});
