import { fold } from '../text/fold.js';

/** Who wrote a letter, as far as telling two senders apart goes. */
export type Person = {
  email: string | null;
  phone: string | null;
  name: string;
  surname: string;
  address: string;
};

const sameEmail = (a: Person, b: Person) =>
  a.email !== null && b.email !== null && a.email.toLowerCase() === b.email.toLowerCase();

/** Names are compared folded, as search and municipality matching do: `Petrović`, `petrovic` and `Петровић` are one. */
const sameName = (a: Person, b: Person) => fold(a.name) === fold(b.name) && fold(a.surname) === fold(b.surname);

/**
 * Two letters are from one person when they share the email address (in any
 * case); or the phone number and the name and surname; or the name, surname
 * and address. A phone alone never makes one person: a household shares a
 * landline, an association gives its own number for all its members.
 */
export function samePerson(a: Person, b: Person): boolean {
  if (sameEmail(a, b)) return true;
  if (!sameName(a, b)) return false;
  return (a.phone !== null && a.phone === b.phone) || fold(a.address) === fold(b.address);
}
