// Which src/ folder imports which (npm run imports), and with --check the
// imports that break the directions of ARCHITECTURE.md (exit 1).
//   npx tsx tests/tools/imports.ts [--check] [--root DIR]
// workers/ counts as a folder; top-level files of src/ are the folder "(root)".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One import of a file under src/ or workers/ by another; paths relative to the repository, with '/'. */
export type Import = { from: string; to: string };
export type Violation = Import & { rule: string };

const SCANNED = ['src', 'workers'];
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The specifiers of a file's import and export-from statements. */
export function specifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  for (const statement of source.statements) {
    const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
      ? statement.moduleSpecifier
      : undefined;
    if (specifier && ts.isStringLiteral(specifier)) found.push(specifier.text);
  }
  return found;
}

/** './x.js' → the .ts file it names, if it is one of ours. */
function resolve(root: string, importer: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(importer), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, path.join(base, 'index.ts')];
  const hit = candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
  return hit && path.relative(root, hit).split(path.sep).join('/');
}

/** Every import between files under src/ and workers/ of the tree at `root`. */
export function importsOf(root: string = REPO): Import[] {
  const imports: Import[] = [];
  for (const file of SCANNED.flatMap((dir) => tsFiles(path.join(root, dir)))) {
    const from = path.relative(root, file).split(path.sep).join('/');
    for (const specifier of specifiersOf(file, readFileSync(file, 'utf8'))) {
      const to = resolve(root, file, specifier);
      if (to && SCANNED.some((dir) => to.startsWith(`${dir}/`))) imports.push({ from, to });
    }
  }
  return imports;
}

/** 'src/mail/outbox.ts' → 'mail'; 'src/app.ts' → '(root)'; 'workers/start.ts' → 'workers'. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'workers') return 'workers';
  return parts.length > 2 ? parts[1]! : '(root)';
}

const COMPOSITION_ROOT = ['src/app.ts', 'src/run.ts', 'src/operations.ts'];
const ENTRY_POINTS = ['src/main.ts', 'src/cli.ts', 'workers/index.ts'];
const HTTP_PLUMBING = ['src/http/api-error.ts', 'src/http/error-handler.ts', 'src/http/validation.ts'];

/** The top-level files of src/ and the entry points: they may wire anything. */
const isRoot = (file: string) => folderOf(file) === '(root)' || ENTRY_POINTS.includes(file);

/** The rule an import breaks, if any. */
function brokenRule({ from, to }: Import): string | undefined {
  if (COMPOSITION_ROOT.includes(to) && ![...COMPOSITION_ROOT, ...ENTRY_POINTS].includes(from)) {
    return '(a) only the entry points import the composition root';
  }
  if (to.startsWith('src/ops/') && !from.startsWith('src/ops/') && !isRoot(from)) {
    return '(b) domain code gets ops/ injected, it does not import it';
  }
  if (HTTP_PLUMBING.includes(to) && !from.startsWith('src/http/') && !isRoot(from)) {
    return '(c) HTTP errors and validation belong to http/';
  }
  if (/\.pages?\.ts$/.test(from) && /\.(routes|api)\.ts$/.test(to)) {
    return '(d) a page does not call routes or API handlers';
  }
  if (from === 'src/errors.ts') return '(e) errors.ts imports nothing';
  return undefined;
}

export function violationsOf(imports: readonly Import[]): Violation[] {
  return imports.flatMap((i) => {
    const rule = brokenRule(i);
    return rule ? [{ ...i, rule }] : [];
  });
}

/** The imports of the tree at `root` that break the rules. */
export function checkImports(root: string = REPO): Violation[] {
  return violationsOf(importsOf(root));
}

const byName = (a: string, b: string) => (a === b ? 0 : a === '(root)' ? -1 : b === '(root)' ? 1 : a < b ? -1 : 1);

/** Per folder, the other folders it imports and how many of its files import each. */
export function folderReport(imports: readonly Import[]): string {
  const importers = new Map<string, Map<string, Set<string>>>();
  for (const { from, to } of imports) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    const targets = importers.get(a) ?? new Map<string, Set<string>>();
    importers.set(a, targets);
    targets.set(b, (targets.get(b) ?? new Set()).add(from));
  }
  const lines: string[] = [];
  for (const folder of [...importers.keys()].sort(byName)) {
    const targets = importers.get(folder)!;
    lines.push(`${folder} → ${targets.size} folder${targets.size === 1 ? '' : 's'}`);
    for (const target of [...targets.keys()].sort(byName)) {
      const n = targets.get(target)!.size;
      lines.push(`  ${target.padEnd(14)} ${String(n).padStart(3)} file${n === 1 ? '' : 's'}`);
    }
  }
  return lines.join('\n');
}

function main(args: string[]): void {
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 && args[rootAt + 1] ? path.resolve(args[rootAt + 1]!) : REPO;
  const imports = importsOf(root);
  if (!args.includes('--check')) {
    console.log(folderReport(imports));
    return;
  }
  const violations = violationsOf(imports);
  for (const v of violations) console.log(`${v.from} → ${v.to}  ${v.rule}`);
  if (violations.length) {
    console.log(`${violations.length} import${violations.length === 1 ? '' : 's'} against the directions`);
    process.exit(1);
  }
  console.log('imports point the right way');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.slice(2));
