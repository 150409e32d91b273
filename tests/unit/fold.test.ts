import { describe, it, expect } from 'vitest';
import { fold } from '../../src/text/fold.js';

describe('fold', () => {
  it.each([
    ['Čačak'],
    ['cacak'],
    ['Чачак'],
    ['ČAČAK'],
    ['ЧАЧАК'],
    ['CACAK'],
    ['C\u030Cac\u030Cak'], // decomposed č
    ['  Čačak. '],
  ])('when given %j, then it folds to "cacak"', (input) => {
    expect(fold(input)).toBe('cacak');
  });

  it.each([['Đorđe'], ['Djordje'], ['Ђорђе'], ['ĐORĐE'], ['DJORDJE'], ['ЂОРЂЕ'], ['djordje'], ['Ðorđe']])(
    'when given %j, then đ is written dj and it folds to "djordje"',
    (input) => {
      expect(fold(input)).toBe('djordje');
    },
  );

  it.each([
    ['Ćuprija', 'cuprija'],
    ['Ћуприја', 'cuprija'],
    ['Šabac', 'sabac'],
    ['Žabalj', 'zabalj'],
    ['Жабаљ', 'zabalj'],
    ['Љубљана', 'ljubljana'],
    ['Њујорк', 'njujork'],
    ['Џон', 'dzon'],
    ['Gadžin Han', 'gadzin han'],
    ['Гаџин Хан', 'gadzin han'],
    ['Aranđelovac', 'arandjelovac'],
    ['Crème Brûlée', 'creme brulee'],
  ])('when given %j, then it is Latin, lower case, without diacritics: %j', (input, folded) => {
    expect(fold(input)).toBe(folded);
  });

  it('when Latin and Cyrillic spellings of a name differ only in script, case and diacritics, then they fold equal', () => {
    expect(fold('Нови Пазар')).toBe(fold('novi pazar'));
    expect(fold('ВРЊАЧКА БАЊА')).toBe(fold('Vrnjačka Banja'));
    expect(fold('Ђорђе')).toBe(fold('Djordje'));
  });

  it.each([
    ['Novi   Sad', 'novi sad'],
    ['Novi\tSad', 'novi sad'],
    ['Novi\r\nSad', 'novi sad'],
    ['Novi-Sad', 'novi sad'],
    ['Novi - Sad', 'novi sad'],
    ['Novi_Sad', 'novi sad'],
    ['Novi,/.;Sad', 'novi sad'],
    ['Novi\u00a0Sad', 'novi sad'],
    ['(Novi Sad)', 'novi sad'],
    ['  Novi Sad!!!  ', 'novi sad'],
    ['«Нови Сад»', 'novi sad'],
  ])('when given %j, then runs of punctuation and whitespace become one space and the ends are trimmed: %j', (input, folded) => {
    expect(fold(input)).toBe(folded);
  });

  it.each([
    ['Kneza Miloša 12', 'kneza milosa 12'],
    ['11000 Beograd', '11000 beograd'],
    ['PR-2026-000001-7', 'pr 2026 000001 7'],
    ['0123456789', '0123456789'],
  ])('when given %j, then the digits are kept: %j', (input, folded) => {
    expect(fold(input)).toBe(folded);
  });

  it.each([[''], [' '], ['   '], ['\t\n\r'], ['\u00a0'], ['.,;-!'], [' - ']])(
    'when given %j (nothing but spaces or punctuation), then it folds to the empty string',
    (input) => {
      expect(fold(input)).toBe('');
    },
  );

  it('when the words differ (not only in script, case, diacritics or punctuation), then they do not fold equal', () => {
    expect(fold('Čačak')).not.toBe(fold('Čačkak'));
    expect(fold('Novi Sad')).not.toBe(fold('Novisad'));
    expect(fold('Šabac')).not.toBe(fold('Sabac 2'));
  });
});

describe('fold and ligatures', () => {
  it('when a name is written with the ǉ ligature, then it folds like the two letters', () => {
    expect(fold('ǈig')).toBe(fold('Ljig'));
    expect(fold('ǈig')).toBe('ljig');
  });
});
