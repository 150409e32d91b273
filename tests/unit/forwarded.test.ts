import { describe, expect, it } from 'vitest';
import { forwardedAddresses, isForwarded } from '../../src/ops/forwarded.js';

describe('forwardedAddresses', () => {
  it.each<[string, Record<string, string | string[]>, string[]]>([
    ['no forwarding header', {}, []],
    ['one X-Forwarded-For', { 'x-forwarded-for': '203.0.113.9' }, ['203.0.113.9']],
    ['a chain in X-Forwarded-For', { 'x-forwarded-for': '203.0.113.9, 10.0.0.1,127.0.0.1' }, ['203.0.113.9', '10.0.0.1', '127.0.0.1']],
    ['an IPv4 address with a port', { 'x-forwarded-for': '203.0.113.9:4711' }, ['203.0.113.9']],
    ['a bracketed IPv6 address with a port', { 'x-forwarded-for': '[2001:db8::1]:4711' }, ['2001:db8::1']],
    ['a bare IPv6 address', { 'x-forwarded-for': '2001:db8::1' }, ['2001:db8::1']],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.9' }, ['203.0.113.9']],
    ['Forwarded with parameters', { forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43' }, ['192.0.2.60']],
    ['Forwarded with a quoted IPv6 node and a second element', { forwarded: 'for="[2001:db8:cafe::17]:4711", For=198.51.100.17' }, ['2001:db8:cafe::17', '198.51.100.17']],
    ['Forwarded with an obfuscated node', { forwarded: 'for=_hidden' }, ['_hidden']],
    ['all three at once', { 'x-forwarded-for': '127.0.0.1', forwarded: 'for=10.0.0.2', 'x-real-ip': '10.0.0.3' }, ['127.0.0.1', '10.0.0.2', '10.0.0.3']],
  ])('when the request carries %s, then the addresses are %j', (_what, headers, expected) => {
    expect(forwardedAddresses(headers)).toEqual(expected);
  });

  it('when a forwarding header is present but empty, then the request counts as forwarded', () => {
    expect(isForwarded({ 'x-forwarded-for': '' })).toBe(true);
    expect(isForwarded({ host: 'localhost' })).toBe(false);
  });
});
