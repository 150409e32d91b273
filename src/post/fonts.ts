import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

// pdfkit's standard 14 fonts have no Cyrillic (nor đ, č, ć in WinAnsi), so every
// printed letter embeds DejaVu Sans, which covers Serbian in both scripts.

const require = createRequire(import.meta.url);

/** Path of a file from the dejavu-fonts-ttf package, through Node's resolution, else under PROJECT_ROOT. */
function dejaVuPath(file: string): string {
  try {
    return require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
  } catch {
    return path.join(PROJECT_ROOT, 'node_modules', 'dejavu-fonts-ttf', 'ttf', file);
  }
}

export type LetterFonts = { regular: Buffer; bold: Buffer };

let cached: LetterFonts | undefined;

/** DejaVu Sans regular and bold, read once per process. */
export function letterFonts(): LetterFonts {
  cached ??= {
    regular: readFileSync(dejaVuPath('DejaVuSans.ttf')),
    bold: readFileSync(dejaVuPath('DejaVuSans-Bold.ttf')),
  };
  return cached;
}
