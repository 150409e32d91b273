import { describe, expect, it } from 'vitest';
import {
  asTotpCode, hashRecoveryCode, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, secondFactorRequired, totpCode, verifyTotp,
} from '../../src/staff/totp.js';

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890" in ASCII, as base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP codes (RFC 6238)', () => {
  it('when computed at the RFC\'s test times, then they are the last six digits of its SHA-1 values', () => {
    expect(totpCode(RFC_SECRET, at(59))).toBe('287082');
    expect(totpCode(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(totpCode(RFC_SECRET, at(1234567890))).toBe('005924');
    expect(totpCode(RFC_SECRET, at(2000000000))).toBe('279037');
  });

  it('when verified, then a code is good within one step either way, gives its step, and not two steps off', () => {
    const t = 1111111109;
    const code = totpCode(RFC_SECRET, at(t));
    const step = Math.floor(t / 30);
    expect(verifyTotp(RFC_SECRET, code, at(t), null)).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, at(t + 30), null)).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, at(t - 30), null)).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, at(t + 60), null)).toBeUndefined();
    expect(verifyTotp(RFC_SECRET, code, at(t - 60), null)).toBeUndefined();
  });

  it('when the step was used already, then its code (and an older one) is refused; a later one is not', () => {
    const t = 1111111109;
    const step = Math.floor(t / 30);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at(t)), at(t), step)).toBeUndefined();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at(t - 30)), at(t), step)).toBeUndefined();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at(t + 30)), at(t), step)).toBe(step + 1);
  });

  it('when typed with spaces, then it is read as six digits; anything else is not a TOTP code', () => {
    expect(asTotpCode(' 123 456 ')).toBe('123456');
    expect(asTotpCode('12345')).toBeUndefined();
    expect(asTotpCode('1234567')).toBeUndefined();
    expect(asTotpCode('abcdef')).toBeUndefined();
  });

  it('when a secret is made, then it is 160 random bits in base32, new each time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('when asked which roles need it, then admin and supervisor', () => {
    expect(secondFactorRequired('admin')).toBe(true);
    expect(secondFactorRequired('supervisor')).toBe(true);
    expect(secondFactorRequired('officer')).toBe(false);
    expect(secondFactorRequired('clerk')).toBe(false);
  });
});

describe('recovery codes', () => {
  it('when made, then ten distinct codes of 16 unambiguous characters in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
  });

  it('when typed in capitals, without hyphens or with spaces, then it is the same code and the same hash', () => {
    const [code] = newRecoveryCodes(1) as [string];
    const stored = normaliseRecoveryCode(code);
    expect(stored).toBe(code.replaceAll('-', ''));
    expect(normaliseRecoveryCode(code.toUpperCase().replaceAll('-', ' '))).toBe(stored);
    expect(hashRecoveryCode(stored ?? '').equals(hashRecoveryCode(normaliseRecoveryCode(code.replaceAll('-', '')) ?? ''))).toBe(true);
  });

  it('when it has the wrong length or a look-alike character, then it is not a recovery code', () => {
    expect(normaliseRecoveryCode('abcd-efgh-jkmn')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh-jkmn-pqr0')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh-jkmn-pqrl')).toBeUndefined();
  });
});
