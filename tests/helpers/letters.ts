let sequence = 0;

/**
 * The contract's example letter; tests override what they are about. Each call
 * numbers its message, so letters from one test are not duplicates of each
 * other (the same text from the same sender within 24 hours is filed as a
 * duplicate); a test that needs the same body twice keeps one.
 */
export function exampleLetter(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    name: 'Petar',
    surname: 'Petrović',
    municipality: 'Čačak',
    address: 'Gradsko šetalište 1, 32000 Čačak',
    email: 'petar@example.rs',
    phone: '064 123 4567',
    category: 'question',
    subject: 'Lokalni put',
    message: `Poštovani, pišem vam povodom lokalnog puta koji je neprohodan. Pismo broj ${sequence}.`,
    language: 'sr-Latn',
    consent: true,
    ...overrides,
  };
}
