import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './password.js';

/**
 * zxcvbn's score 3 of 4: about 10^8 guesses or more. Below that are the
 * passwords on its lists of common and leaked passwords (`password1234`),
 * keyboard walks (`qwertyuiopasdf`), sequences, repeats and their l33t forms.
 */
const MIN_SCORE = 3;
/** zxcvbn's time grows steeply with length; a password strong in its first 64 characters is strong. */
const CHECKED_LENGTH = 64;

let estimator: ZxcvbnFactory | undefined;

/** True when the password is easy to guess: common, a pattern, or a small variation of one. */
export function isGuessable(password: string): boolean {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: CHECKED_LENGTH });
  return estimator.check(password).score < MIN_SCORE;
}

/** Every password a person chooses (CLI, admin create and reset, own change); messages are keys of i18n/messages.ts. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH)
  .max(256)
  .refine((password) => !isGuessable(password), 'password_too_common');
