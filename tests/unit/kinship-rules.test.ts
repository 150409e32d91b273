import { describe, expect, it } from 'vitest';
import { samePerson, type Person } from '../../src/routing/kinship.rules.js';

const petar: Person = {
  email: 'petar@example.rs',
  phone: '+381111234567',
  name: 'Petar',
  surname: 'Petrović',
  address: 'Gradsko šetalište 1, 32000 Čačak',
};

const other = (overrides: Partial<Person>): Person => ({ ...petar, ...overrides });

describe('samePerson', () => {
  it('when the email is the same in another case, then it is one person, whatever the name and phone', () => {
    expect(samePerson(petar, other({ email: 'PETAR@Example.RS', name: 'Jelena', phone: null, address: 'Drugde 5' }))).toBe(true);
  });

  it('when only the phone is the same (a household, an association), then they are two people', () => {
    expect(samePerson(petar, other({ email: 'jelena@example.rs', name: 'Jelena' }))).toBe(false);
    expect(samePerson(petar, other({ email: null, name: 'Jelena', surname: 'Jovanović', address: 'Drugde 5' }))).toBe(false);
  });

  it('when phone, name and surname are the same, then it is one person, also in the other script, case or without diacritics', () => {
    const sender = other({ email: null, address: 'Drugde 5' });
    expect(samePerson(petar, sender)).toBe(true);
    expect(samePerson(petar, { ...sender, name: 'Петар', surname: 'Петровић' })).toBe(true);
    expect(samePerson(petar, { ...sender, name: 'PETAR', surname: 'petrovic' })).toBe(true);
  });

  it('when phone and surname are the same but the name differs, then they are two people', () => {
    expect(samePerson(petar, other({ email: null, name: 'Milica' }))).toBe(false);
  });

  it('when name, surname and address are the same with no common email or phone, then it is one person', () => {
    expect(samePerson(petar, other({ email: 'drugi@example.rs', phone: null }))).toBe(true);
    expect(samePerson(petar, other({ email: null, phone: null, name: 'Петар', surname: 'Петровић', address: 'Gradsko setaliste 1 32000 Cacak' }))).toBe(true);
  });

  it('when the name and surname are the same but neither phone nor address nor email is, then they are two people (namesakes)', () => {
    expect(samePerson(petar, other({ email: 'drugi@example.rs', phone: '+381641111111', address: 'Bulevar 9, Beograd' }))).toBe(false);
    expect(samePerson(petar, other({ email: null, phone: null, address: 'Bulevar 9, Beograd' }))).toBe(false);
  });

  it('when neither letter has an email or a phone, then missing values are not a match', () => {
    const a = other({ email: null, phone: null });
    expect(samePerson(a, { ...a, name: 'Jelena' })).toBe(false);
  });

  it('when compared either way round, then the answer is the same', () => {
    const pairs: [Person, Person][] = [
      [petar, other({ email: 'PETAR@example.rs', name: 'X' })],
      [petar, other({ email: null, name: 'Jelena' })],
      [petar, other({ email: null, phone: null, name: 'Петар', surname: 'Петровић' })],
    ];
    for (const [a, b] of pairs) expect(samePerson(a, b)).toBe(samePerson(b, a));
  });
});
