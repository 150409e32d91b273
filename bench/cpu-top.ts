// Top functions by self time in a V8 .cpuprofile: `node --import tsx bench/cpu-top.ts FILE [N]`.
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: Node[]; samples: number[] };
const limit = Number(process.argv[3] ?? '25');
const self = new Map<string, number>();
const byPackage = new Map<string, number>();
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const total = profile.samples.length;
for (const node of profile.nodes) {
  const count = hits.get(node.id) ?? 0;
  if (!count) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + count);
  const pkg = url.includes('node_modules/')
    ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
    : url.startsWith('file:///work/main/') ? url.replace(/^file:\/\/\/work\/main\/([^/]+\/[^/]+).*$/, '$1') : url ? 'node:internal' : functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
}
const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log('by package / folder:');
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(v)}  ${k}`);
console.log('by function (self):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${pct(v)}  ${k}`);
