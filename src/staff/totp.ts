import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import type { Role } from './permissions.js';

/** Roles that must have a second factor; the others may enrol and turn it off again. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['admin', 'supervisor'];
export const secondFactorRequired = (role: Role): boolean => SECOND_FACTOR_ROLES.includes(role);

export const TOTP_ISSUER = 'Pisarnica';
const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), base32. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// URI an authenticator app reads (as a QR code or pasted). */
export const otpauthUri = (email: string, secret: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: email, secret, period: PERIOD_SECONDS });

/** The code an authenticator shows at `now` (tests compute what a person would type). */
export const totpCode = (secret: string, now: Date): string =>
  generateSync({ secret, epoch: Math.floor(now.getTime() / 1000), period: PERIOD_SECONDS });

/** What a person typed, as six digits if it looks like a TOTP code (spaces allowed: "123 456"). */
export function asTotpCode(input: string): string | undefined {
  const digits = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/**
 * The time step a six-digit code belongs to, if it is right at `now` within one
 * step either way (clock drift, the moment of typing) and later than
 * `afterStep` (the last one used: a code is good once); else undefined.
 */
export function verifyTotp(secret: string, code: string, now: Date, afterStep: number | null): number | undefined {
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    period: PERIOD_SECONDS,
    epochTolerance: PERIOD_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

// Recovery codes: 16 characters of 31 without look-alikes (i, l, o, 0, 1): 79 random bits, shown as xxxx-xxxx-xxxx-xxxx.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_LENGTH = 16;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return chars.join('').replace(/(.{4})(?!$)/g, '$1-');
  });
}

/** A recovery code as typed (any case, with or without hyphens and spaces) in its stored form; undefined if it cannot be one. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const plain = input.toLowerCase().replace(/[\s-]+/g, '');
  return plain.length === RECOVERY_LENGTH && [...plain].every((c) => RECOVERY_ALPHABET.includes(c)) ? plain : undefined;
}

export const hashRecoveryCode = (normalised: string): Buffer => createHash('sha256').update(normalised).digest();
