// Shared by the deploy tests: render the chart offline, and check manifests against the Kubernetes schemas.
import { parseAllDocuments } from 'yaml';
// @ts-expect-error: plain .mjs module without types
import * as helmTools from '../k8s/helm.mjs';

export type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

export const { stagedChart, helm, template, root, tools } = helmTools as {
  stagedChart(): { chart: string; cleanup(): void };
  helm(args: string[], chart: string): string;
  template(opts: { release?: string; namespace?: string; valuesFiles?: string[]; set?: string[]; chart?: string }): string;
  root: string;
  tools(): { helm: string; kubectl: string };
};

export function parseStream(text: string): Doc[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d && typeof d === 'object') as Doc[];
}

/** Validates one manifest with kubernetes-models (the OpenAPI schemas of Kubernetes); CRDs get a shape check. */
export async function validateManifest(doc: Doc): Promise<void> {
  if (doc.apiVersion === 'monitoring.coreos.com/v1') {
    if (doc.kind !== 'ServiceMonitor' || !doc.spec?.selector || !Array.isArray(doc.spec?.endpoints)) throw new Error(`bad ${doc.kind}`);
    return;
  }
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : [undefined, doc.apiVersion];
  const mod = await import(/* @vite-ignore */ `kubernetes-models/${group ? `${group}/` : ''}${version}/${doc.kind}`);
  const Model = mod[doc.kind];
  new Model(doc).validate();
}

export const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
export const find = (docs: Doc[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
/** Containers of workloads (Deployments and Jobs). */
export const workloads = (docs: Doc[]) => docs.filter((d) => d.kind === 'Deployment' || d.kind === 'Job');
