/** The contract's example letter; tests override what they are about. */
export function exampleLetter(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Petar',
    surname: 'Petrović',
    municipality: 'Čačak',
    address: 'Gradsko šetalište 1, 32000 Čačak',
    email: 'petar@example.rs',
    phone: '064 123 4567',
    category: 'question',
    subject: 'Lokalni put',
    message: 'Poštovani, pišem vam povodom lokalnog puta koji je neprohodan.',
    language: 'sr-Latn',
    consent: true,
    ...overrides,
  };
}
