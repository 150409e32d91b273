// The longest functions under src/ and workers/ (function declarations,
// methods, arrow functions, function expressions), by lines from the first
// token to the closing one; a function's length includes those nested in it.
//   npx tsx tests/tools/function-sizes.ts [N] [--root DIR]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export type FunctionSize = { name: string; file: string; line: number; lines: number };

const SCANNED = ['src', 'workers'];
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The rule of the project: no function over this many lines. */
const LIMIT = 80;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

type FunctionNode = ts.FunctionLikeDeclaration;

const isMeasured = (node: ts.Node): node is FunctionNode =>
  ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) ||
  ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

function textOf(name: ts.Node | undefined, source: ts.SourceFile): string | undefined {
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))
    ? name.text
    : name?.getText(source);
}

/** A readable name: its own, its variable's or property's, or where it is passed. */
function nameOf(node: FunctionNode, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return `${textOf(node.parent.name, source) ?? 'class'}.constructor`;
  const own = textOf(node.name, source);
  const parent = node.parent;
  if (own && ts.isClassLike(parent)) return `${textOf(parent.name, source) ?? 'class'}.${own}`;
  if (own) return own;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return textOf(parent.name, source) ?? '<anonymous>';
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText(source).replace(/\s+/g, ' ');
    return `<passed to ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee}>`;
  }
  return '<anonymous>';
}

/** Every function of one file with its length in lines. */
export function functionsOf(file: string, text: string, shownAs = file): FunctionSize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (isMeasured(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: nameOf(node, source), file: shownAs, line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every function under src/ and workers/ of the tree at `root`, longest first. */
export function functionSizes(root: string = REPO): FunctionSize[] {
  return SCANNED.flatMap((dir) => tsFiles(path.join(root, dir)))
    .flatMap((file) => functionsOf(file, readFileSync(file, 'utf8'), path.relative(root, file).split(path.sep).join('/')))
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

function main(args: string[]): void {
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 && args[rootAt + 1] ? path.resolve(args[rootAt + 1]!) : REPO;
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--root') ?? 10);
  const sizes = functionSizes(root);
  for (const f of sizes.slice(0, n)) console.log(`${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
  const over = sizes.filter((f) => f.lines > LIMIT).length;
  console.log(`${sizes.length} functions; ${over} over ${LIMIT} lines`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.slice(2));
