/** Polls until the check passes; fails the test with the label after the timeout. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 15_000, label = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${label} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
