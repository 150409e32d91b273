import { describe, expect, it } from 'vitest';
import { checkImports, folderOf, specifiersOf, violationsOf } from '../tools/imports.js';

describe('import directions', () => {
  it('when the tree is checked, then every import points the way ARCHITECTURE.md says', () => {
    expect(checkImports().map((v) => `${v.from} → ${v.to}  ${v.rule}`)).toEqual([]);
  });

  it('when a file imports or re-exports, then both statements are seen, type-only ones too', () => {
    const text = "import type { A } from './a.js';\nimport './side.js';\nexport { b } from '../b.js';\nexport * from 'zod';\nconst c = 1;";
    expect(specifiersOf('x.ts', text)).toEqual(['./a.js', './side.js', '../b.js', 'zod']);
  });

  it('when an import breaks a rule, then it is reported with that rule', () => {
    const broken = [
      { from: 'src/mail/outbox.ts', to: 'src/app.ts' },
      { from: 'workers/mail.ts', to: 'src/ops/metrics.ts' },
      { from: 'src/letters/letter.actions.ts', to: 'src/http/api-error.ts' },
      { from: 'src/post/print.page.ts', to: 'src/post/print.api.ts' },
      { from: 'src/errors.ts', to: 'src/i18n/messages.ts' },
    ];
    expect(violationsOf(broken).map((v) => v.rule.slice(0, 3))).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)']);
    const fine = [
      { from: 'workers/index.ts', to: 'src/run.ts' },
      { from: 'src/run.ts', to: 'src/app.ts' },
      { from: 'src/app.ts', to: 'src/ops/metrics.ts' },
      { from: 'src/ops/health.api.ts', to: 'src/http/operation.ts' },
      { from: 'src/letters/letter.api.ts', to: 'src/http/rate-limit.ts' },
      { from: 'src/http/mount.ts', to: 'src/http/validation.ts' },
      { from: 'src/post/print.pages.ts', to: 'src/post/print.actions.ts' },
    ];
    expect(violationsOf(fine)).toEqual([]);
  });

  it('when a file is named, then its folder is the first one under src/, workers, or (root)', () => {
    expect([folderOf('src/app.ts'), folderOf('src/mail/outbox.ts'), folderOf('workers/start.ts')]).toEqual(['(root)', 'mail', 'workers']);
  });
});
