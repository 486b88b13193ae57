// Fails when proto/gen is stale: regenerates into a temporary copy of proto/ and compares it with the committed
// generated code.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-proto-'));
try {
  fs.cpSync(path.join(root, 'proto'), tmp, { recursive: true, filter: (p) => !p.includes(`${path.sep}gen`) && !p.includes('node_modules') });
  const buf = path.join(root, 'node_modules/.bin/buf');
  const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` };
  execFileSync(buf, ['lint'], { cwd: tmp, env, stdio: 'inherit' });
  execFileSync(buf, ['generate'], { cwd: tmp, env, stdio: 'inherit' });
  const list = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  const want = list(path.join(tmp, 'gen')), have = list(path.join(root, 'proto/gen'));
  const stale = [...new Set([...want, ...have])].filter((f) => !want.includes(f) || !have.includes(f) ||
    !fs.readFileSync(path.join(tmp, 'gen', f)).equals(fs.readFileSync(path.join(root, 'proto/gen', f))));
  if (stale.length) {
    console.error(`proto/gen is stale (${stale.join(', ')}): run \`npm run proto\` and commit the result`);
    process.exit(1);
  }
  console.log(`proto/gen is current (${have.length} files)`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
