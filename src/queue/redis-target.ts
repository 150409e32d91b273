// Where Redis is: one URL (REDIS_URL), or a master found through Sentinels
// (REDIS_SENTINELS + REDIS_SENTINEL_NAME). Pure: parsing only.

export type SentinelTarget = Readonly<{
  sentinels: readonly { host: string; port: number }[];
  /** The master's name the sentinels monitor. */
  name: string;
  /** The master's and replicas' password (requirepass), if any. */
  password: string | undefined;
  /** The sentinels' own password, if any. */
  sentinelPassword: string | undefined;
}>;

export type RedisTarget = string | SentinelTarget;

/** `host:port,host:port` (IPv6 in brackets: `[::1]:26379`); an error message for the first bad entry. */
export function parseSentinels(value: string): { sentinels: { host: string; port: number }[] } | { error: string } {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return { error: 'must list at least one host:port' };
  const sentinels: { host: string; port: number }[] = [];
  for (const entry of entries) {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(entry);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535) return { error: `${JSON.stringify(entry.slice(0, 80))} is not host:port` };
    sentinels.push({ host: (m[1] ?? m[2]) as string, port });
  }
  return { sentinels };
}

/** For logs: where Redis is, without any password. */
export function describeTarget(target: RedisTarget): string {
  if (typeof target !== 'string') return `sentinels ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')} master ${target.name}`;
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'redis';
  }
}
