import express from 'express';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_MAIL_SIGNING_KEY, loadConfig } from '../../src/config.js';

const trustProxyOf = (value: string | undefined) => loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;

describe('TRUST_PROXY', () => {
  it.each<[string, string | undefined, unknown]>([
    ['unset', undefined, false],
    ['empty', '', false],
    ['false', 'false', false],
    ['a hop count of 1', '1', 1],
    ['a hop count of 0', '0', 0],
    ['a hop count of 2', '2', 2],
    ["the proxy's IPv4 address", '127.0.0.1', ['127.0.0.1']],
    ["the proxy's IPv6 address", '::1', ['::1']],
    ['a list of addresses and ranges', '10.0.0.1, 192.168.0.0/16,fd00::/8', ['10.0.0.1', '192.168.0.0/16', 'fd00::/8']],
    ["express's range names", 'loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ])('when it is %s, then it is accepted as %j and express takes it', (_what, value, expected) => {
    const trustProxy = trustProxyOf(value);
    expect(trustProxy).toEqual(expected);
    expect(() => express().set('trust proxy', trustProxy)).not.toThrow();
  });

  it.each(['true', 'TRUE', ' true '])('when it is %j, then loading refuses it in one line naming TRUST_PROXY and saying what to use', (value) => {
    expect(() => trustProxyOf(value)).toThrow(ConfigError);
    let message = '';
    try {
      trustProxyOf(value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid setting TRUST_PROXY: /);
    expect(message).toContain('hop count');
    expect(message).toContain("proxies' addresses");
    expect(message).not.toContain('\n');
  });

  it.each([
    ['a negative hop count', '-1'],
    ['a fraction', '1.5'],
    ['a word', 'yes'],
    ['a host name', 'proxy.internal'],
    ['an empty list entry', '127.0.0.1,'],
    ['a prefix out of range', '10.0.0.0/33'],
    ['an address with a zone', 'fe80::1%eth0'],
  ])('when it is %s, then loading refuses it naming TRUST_PROXY', (_what, value) => {
    expect(() => trustProxyOf(value)).toThrow(/^Invalid setting TRUST_PROXY: /);
  });
});

describe('ACK_PER_ADDRESS_PER_DAY', () => {
  it('when unset, then 10; when 0, then no limit; a negative or fractional value is refused naming the variable', () => {
    expect(loadConfig({}).ackPerAddressPerDay).toBe(10);
    expect(loadConfig({ ACK_PER_ADDRESS_PER_DAY: '0' }).ackPerAddressPerDay).toBe(0);
    expect(loadConfig({ ACK_PER_ADDRESS_PER_DAY: '3' }).ackPerAddressPerDay).toBe(3);
    for (const bad of ['-1', '2.5', 'many']) {
      expect(() => loadConfig({ ACK_PER_ADDRESS_PER_DAY: bad })).toThrow(/ACK_PER_ADDRESS_PER_DAY/);
    }
  });
});

describe('email channel: MAIL_REPLY_ADDRESS and MAIL_SIGNING_KEY', () => {
  const SECRETS = { SESSION_SECRET: 's'.repeat(32) };

  it("when MAIL_REPLY_ADDRESS is unset, then it is pisma@ on MAIL_FROM's domain; when set, it is taken as given", () => {
    expect(loadConfig({}).mailReplyAddress).toBe('pisma@president.example');
    expect(loadConfig({ MAIL_FROM: 'Office <noreply@office.example.org>' }).mailReplyAddress).toBe('pisma@office.example.org');
    expect(loadConfig({ MAIL_REPLY_ADDRESS: 'letters@president.example' }).mailReplyAddress).toBe('letters@president.example');
    expect(loadConfig({ MAIL_FROM: 'Office <office@Kabinet.Example.RS>' }).mailReplyAddress).toBe('pisma@kabinet.example.rs');
    expect(loadConfig({ MAIL_REPLY_ADDRESS: 'Pisma@President.example' }).mailReplyAddress).toBe('pisma@president.example');
  });

  it('when MAIL_REPLY_ADDRESS is not an address, then loading refuses it naming the variable', () => {
    expect(() => loadConfig({ MAIL_REPLY_ADDRESS: 'not an address' })).toThrow(/^Invalid setting MAIL_REPLY_ADDRESS: /);
  });

  it('when MAIL_SIGNING_KEY is unset, then development uses the fixed key and production refuses to start', () => {
    expect(loadConfig({}).mailSigningKey).toBe(DEVELOPMENT_MAIL_SIGNING_KEY);
    expect(loadConfig({ MAIL_SIGNING_KEY: 'k'.repeat(40) }).mailSigningKey).toBe('k'.repeat(40));
    expect(() => loadConfig({ MAIL_SIGNING_KEY: 'short' })).toThrow(/^Invalid setting MAIL_SIGNING_KEY: /);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) })).toThrow(
      new ConfigError('Invalid setting MAIL_SIGNING_KEY: required when NODE_ENV=production'),
    );
  });

  it.each(['Pisma <pisma@president.example>', 'pisma+x@president.example', 'pisma', 'pisma@', 'pi sma@president.example'])(
    'when MAIL_REPLY_ADDRESS is %j, then loading refuses it in one line naming the variable',
    (value) => {
      expect(() => loadConfig({ MAIL_REPLY_ADDRESS: value })).toThrow(/^Invalid setting MAIL_REPLY_ADDRESS: /);
    },
  );

  it('when MAIL_SIGNING_KEY is unset outside production, then a fixed development key of at least 32 characters is used', () => {
    const key = loadConfig({}).mailSigningKey;
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ NODE_ENV: 'test' }).mailSigningKey).toBe(key);
  });

  it('when MAIL_SIGNING_KEY is set, then it is used; shorter than 32 characters, it is refused naming the variable', () => {
    expect(loadConfig({ MAIL_SIGNING_KEY: 'k'.repeat(32) }).mailSigningKey).toBe('k'.repeat(32));
    expect(() => loadConfig({ MAIL_SIGNING_KEY: 'k'.repeat(31) })).toThrow(/^Invalid setting MAIL_SIGNING_KEY: .*32/);
  });

  it('when NODE_ENV=production and MAIL_SIGNING_KEY is unset, then loading refuses to start naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS })).toThrow(/^Invalid setting MAIL_SIGNING_KEY: required when NODE_ENV=production$/);
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS, MAIL_SIGNING_KEY: 'k'.repeat(40) }).mailSigningKey).toBe('k'.repeat(40));
  });
});

describe('IMAP_URL and IMAP_POLL_SECONDS', () => {
  it('when unset, then no mailbox is fetched and the poll is every 30 s', () => {
    expect(loadConfig({}).imap).toBeUndefined();
    expect(loadConfig({ IMAP_URL: '' }).imap).toBeUndefined();
    expect(loadConfig({}).imapPollSeconds).toBe(30);
    expect(loadConfig({ IMAP_POLL_SECONDS: '5' }).imapPollSeconds).toBe(5);
    expect(() => loadConfig({ IMAP_POLL_SECONDS: '0' })).toThrow(/^Invalid setting IMAP_POLL_SECONDS: /);
  });

  it('when it names user, password, host, port and folder, then they are decoded; INBOX and the default ports otherwise', () => {
    expect(loadConfig({ IMAP_URL: 'imap://pisma%40president.example:s%3Acret@127.0.0.1:1143/Poslano' }).imap).toEqual({
      host: '127.0.0.1', port: 1143, secure: false, user: 'pisma@president.example', password: 's:cret', folder: 'Poslano',
    });
    expect(loadConfig({ IMAP_URL: 'imaps://u:p@mail.example' }).imap).toMatchObject({ port: 993, secure: true, folder: 'INBOX' });
    expect(loadConfig({ IMAP_URL: 'imap://u:p@mail.example/' }).imap).toMatchObject({ port: 143, secure: false, folder: 'INBOX' });
  });

  it.each([
    ['no password', 'imap://user@mail.example/INBOX'],
    ['no user', 'imap://:secret@mail.example/INBOX'],
    ['another scheme', 'pop3://user:secret@mail.example'],
    ['a wildcard folder', 'imap://user:secret@mail.example/*'],
  ])('when it has %s, then loading refuses it naming IMAP_URL without echoing the password', (_what, value) => {
    expect(() => loadConfig({ IMAP_URL: value })).toThrow(/^Invalid setting IMAP_URL: /);
    expect(() => loadConfig({ IMAP_URL: value })).not.toThrow(/secret/);
  });
});

describe('REDIS_URL and REDIS_SENTINELS', () => {
  it('when only REDIS_URL is set, then it is the target as given; with neither, there is none', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).redis).toBe('redis://127.0.0.1:6379/2');
    expect(loadConfig({}).redis).toBeUndefined();
  });

  it('when sentinels are listed, then the master is found through them by name, passwords kept apart', () => {
    const redis = loadConfig({
      REDIS_SENTINELS: '10.0.0.1:26379, sentinel-b.internal:26380,[::1]:26381',
      REDIS_SENTINEL_NAME: 'pisarnica',
      REDIS_PASSWORD: 'master-secret',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    }).redis;
    expect(redis).toEqual({
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'sentinel-b.internal', port: 26380 }, { host: '::1', port: 26381 }],
      name: 'pisarnica',
      password: 'master-secret',
      sentinelPassword: 'sentinel-secret',
    });
    expect(loadConfig({ REDIS_SENTINELS: '127.0.0.1:26379' }).redis).toMatchObject({ name: 'mymaster', password: undefined });
  });

  it.each([
    ['no port', '127.0.0.1'],
    ['a port out of range', '127.0.0.1:70000'],
    ['an empty list', ' , '],
    ['a URL', 'redis://127.0.0.1:26379'],
  ])('when REDIS_SENTINELS has %s, then loading refuses it in one line naming it', (_what, value) => {
    expect(() => loadConfig({ REDIS_SENTINELS: value })).toThrow(/^Invalid setting REDIS_SENTINELS: /);
  });

  it('when both REDIS_URL and REDIS_SENTINELS are set, then loading refuses it instead of guessing', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINELS: '127.0.0.1:26379' })).toThrow('set REDIS_URL or REDIS_SENTINELS, not both');
  });
});
