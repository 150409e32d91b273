import { expandLigatures, toLatinLowerCase } from './transliterate.js';

/**
 * The key two texts are compared by for matching and search: Latin script,
 * lower case, no diacritics (đ becomes dj, as people type it), runs of
 * anything that is not a letter or digit turned into one space.
 * `Чачак`, `Čačak` and `cacak` all fold to `cacak`.
 */
export function fold(text: string): string {
  return expandLigatures(toLatinLowerCase(text))
    .replace(/[đð]/g, 'dj')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
