import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { AllowListError, LOOPBACK_ALLOW, parseAllowList } from '../../src/ops/allow-list.js';

describe('the /metrics allow-list', () => {
  it('when it lists single IPv4 addresses, then exactly those match', () => {
    const list = parseAllowList('192.0.2.10, 198.51.100.7');
    expect(list.allows('192.0.2.10')).toBe(true);
    expect(list.allows('198.51.100.7')).toBe(true);
    expect(list.allows('192.0.2.11')).toBe(false);
    expect(list.entries).toEqual(['192.0.2.10', '198.51.100.7']);
  });

  it('when it lists IPv4 CIDR ranges, then addresses inside match and outside do not', () => {
    const list = parseAllowList('10.0.0.0/8,172.16.0.0/12');
    expect(list.allows('10.255.1.2')).toBe(true);
    expect(list.allows('172.31.255.255')).toBe(true);
    expect(list.allows('172.32.0.1')).toBe(false);
    expect(list.allows('11.0.0.1')).toBe(false);
    expect(parseAllowList('0.0.0.0/0').allows('203.0.113.5')).toBe(true);
  });

  it('when it lists IPv6 addresses and ranges, then they match in any spelling', () => {
    const list = parseAllowList('2001:db8::1,fd00::/8');
    expect(list.allows('2001:db8:0:0:0:0:0:1')).toBe(true);
    expect(list.allows('2001:db8::2')).toBe(false);
    expect(list.allows('fd12:3456::1')).toBe(true);
    expect(list.allows('fe80::1')).toBe(false);
    expect(parseAllowList('fe80::/10').allows('fe80::1%eth0')).toBe(true);
  });

  it('when a dual-stack socket reports an IPv4 client as IPv4-mapped IPv6, then IPv4 entries still match it', () => {
    const list = parseAllowList('10.0.0.0/8,192.0.2.1');
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('::ffff:192.0.2.1')).toBe(true);
    expect(list.allows('::ffff:192.0.2.2')).toBe(false);
    expect(parseAllowList('::ffff:10.0.0.0/104').allows('10.9.9.9')).toBe(true);
  });

  it('when left at its default, then only loopback in its three forms is allowed', () => {
    const list = parseAllowList(LOOPBACK_ALLOW);
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(list.allows(address)).toBe(true);
    for (const address of ['127.0.0.2', '10.0.0.1', '::2', '']) expect(list.allows(address)).toBe(false);
    expect(list.allows(undefined)).toBe(false);
  });

  it.each([
    ['not an address', 'localhost'],
    ['a short IPv4', '10.1'],
    ['an out-of-range octet', '300.0.0.1'],
    ['an IPv4 prefix over 32', '10.0.0.0/33'],
    ['an IPv6 prefix over 128', '::1/129'],
    ['a negative prefix', '10.0.0.0/-1'],
    ['a prefix that is not a number', '10.0.0.0/eight'],
    ['an empty prefix', '10.0.0.0/'],
    ['two slashes', '10.0.0.0/8/8'],
    ['an empty entry', '127.0.0.1,,::1'],
    ['a zone in an entry', 'fe80::1%eth0'],
    ['a hostname with a range', 'example.org/24'],
  ])('when it holds %s, then it is rejected', (_label, value) => {
    expect(() => parseAllowList(value)).toThrow(AllowListError);
  });
});

describe('METRICS_ALLOW and METRICS_PORT settings', () => {
  it('when unset or empty, then /metrics is for loopback and the worker listener on 9464', () => {
    for (const env of [{}, { METRICS_ALLOW: '' }]) {
      const config = loadConfig(env);
      expect(config.metricsAllow.entries).toEqual(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
      expect(config.metricsPort).toBe(9464);
    }
  });

  it('when given ranges, then they are parsed', () => {
    const config = loadConfig({ METRICS_ALLOW: '10.0.0.0/8, fd00::/8', METRICS_PORT: '0' });
    expect(config.metricsAllow.allows('10.2.3.4')).toBe(true);
    expect(config.metricsAllow.allows('127.0.0.1')).toBe(false);
    expect(config.metricsPort).toBe(0);
  });

  it('when a value is bad, then the start stops with one line naming the variable', () => {
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/40' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/40' })).toThrow(/^Invalid setting METRICS_ALLOW: "10\.0\.0\.0\/40" is not/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/^Invalid setting METRICS_PORT/);
    expect(() => loadConfig({ METRICS_ALLOW: 'x\ny' })).toThrow(/^Invalid setting METRICS_ALLOW: [^\n]*$/);
  });
});
