// Realistic letters for the benchmarks: a ~1.5 KB message drawn at random from
// a vocabulary, so each letter is its own text. Duplicate detection (same text,
// same sender) and campaign detection (near-identical texts share LSH bands,
// whose advisory locks serialise routing) are then not what is measured.
import { exampleLetter } from '../tests/helpers/letters.js';

const WORDS = (
  'poštovani gospodine predsedniče obraćam vam se u ime stanara naše ulice povodom lokalnog puta koji je već ' +
  'treću godinu zaredom neprohodan posle svake jače kiše deca ne mogu da stignu do škole hitna pomoć kućama ' +
  'opština nam na sve dopise odgovara nema sredstava molim pomoć penzija bolnica lekar čekamo mesecima vodovod ' +
  'struja kanalizacija autobus linija selo grad zaposlenje fabrika radnici plata porez zemljište nasledstvo ' +
  'sud presuda advokat žalba rešenje ministarstvo uprava dokumentacija zahtev odgovor rok kasni problem rešiti ' +
  'porodica majka otac sin ćerka brat sestra komšije zajednica mesna kancelarija predsednik opštine odbornici ' +
  'skupština zakon pravo obaveza građani država reka most poplava požar šuma poljoprivreda stoka subvencija ' +
  'traktor seme đubrivo cena tržište zadruga mleko voće povrće izvoz granica carina pasoš lična karta ' +
  'stan kuća krov zgrada lift grejanje račun dug kredit banka kamata osiguranje invalidnina socijalna ' +
  'pomoć dečiji dodatak vrtić učiteljica profesor fakultet stipendija dom studenti ispit diploma posao ' +
  'hvala unapred srdačan pozdrav s poštovanjem nadam se da ćete razumeti našu situaciju i pomoći nam'
).split(' ');

/** A word of the vocabulary, chosen with `random` (numbers in [0, 1); the soak passes a seeded one). */
export function randomWord(random: () => number = Math.random): string {
  return WORDS[Math.floor(random() * WORDS.length)]!;
}

let counter = 0;

function randomMessage(bytes: number): string {
  const words: string[] = [];
  let length = 0;
  while (length < bytes) {
    const word = randomWord();
    words.push(word);
    length += word.length + 1;
  }
  return `${words.join(' ')}.`;
}

/** Each from its own citizen: one address gets at most ACK_PER_ADDRESS_PER_DAY acknowledgements. */
export function benchLetter(): Record<string, unknown> {
  counter += 1;
  return exampleLetter({
    email: `citizen-${process.pid}-${counter}@example.rs`,
    message: `${randomMessage(1400)} Pismo broj ${process.pid}-${counter}.`,
  });
}
