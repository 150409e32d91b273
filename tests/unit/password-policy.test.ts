import { describe, expect, it } from 'vitest';
import { isGuessable, newPasswordSchema } from '../../src/staff/password-policy.js';

const issuesOf = (password: string) => {
  const parsed = newPasswordSchema.safeParse(password);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('new passwords', () => {
  it.each(['password123', 'qwertyuiop', 'Passw0rd!'])('when the password is %s, then it is refused as common', (password) => {
    expect(issuesOf(password)).toContain('password_too_common');
  });

  it.each(['password1234', 'qwertyuiopasdf', 'Passw0rd!2024', 'iloveyou1234', '123456789012', 'abcdefghijkl', 'x'.repeat(200)])(
    'when the password is %s (12 characters or more, but common or a pattern), then it is refused',
    (password) => {
      expect(issuesOf(password)).toEqual(['password_too_common']);
    },
  );

  it.each(['Tri kanarinca pevaju u zoru nad Moravom', 'correct horse battery staple', 'a long enough passphrase', 'a long passphrase'])(
    'when the password is the passphrase "%s", then it is accepted',
    (password) => {
      expect(isGuessable(password)).toBe(false);
      expect(newPasswordSchema.safeParse(password).success).toBe(true);
    },
  );

  it('when a strong password is shorter than 12 characters, then it is still refused for its length', () => {
    expect(isGuessable('vK3#qz9!Lp')).toBe(false);
    expect(newPasswordSchema.safeParse('vK3#qz9!Lp').success).toBe(false);
  });
});
