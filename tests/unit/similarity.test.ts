import { describe, it, expect } from 'vitest';
import { seededRandom } from '../../src/text/mulberry32.js';
import {
  NEAR_DUPLICATE_THRESHOLD,
  estimatedSimilarity,
  exactFingerprint,
  isNearDuplicate,
  jaccard,
  lshBands,
  minhashSignature,
  normaliseForComparison,
  shingles,
  similarityKeys,
} from '../../src/text/similarity.js';

// A campaign template: many citizens send this, each signing it, some adding
// their name to the opening or rewriting a sentence.
const TEMPLATE =
  'Поштовани председниче, обраћамо вам се као становници насеља Бела Вода, који већ више од десет година ' +
  'живе без редовног снабдевања пијаћом водом. Током летњих месеци вода из градског водовода долази само ' +
  'ноћу, а бунари су загађени нитратима. Деца и старији суграђани су највише угрожени. Више пута смо се ' +
  'обраћали локалној самоуправи, али одговор нисмо добили. Молимо вас да утичете на надлежне институције да ' +
  'се изградња новог цевовода уврсти у буџет за наредну годину и да се до тада обезбеди довоз исправне воде ' +
  'цистернама. Унапред захвални, становници Беле Воде.';

// The same letter as a citizen would type it in Latin script.
const TEMPLATE_LATIN =
  'Poštovani predsedniče, obraćamo vam se kao stanovnici naselja Bela Voda, koji već više od deset godina ' +
  'žive bez redovnog snabdevanja pijaćom vodom. Tokom letnjih meseci voda iz gradskog vodovoda dolazi samo ' +
  'noću, a bunari su zagađeni nitratima. Deca i stariji sugrađani su najviše ugroženi. Više puta smo se ' +
  'obraćali lokalnoj samoupravi, ali odgovor nismo dobili. Molimo vas da utičete na nadležne institucije da ' +
  'se izgradnja novog cevovoda uvrsti u budžet za narednu godinu i da se do tada obezbedi dovoz ispravne vode ' +
  'cisternama. Unapred zahvalni, stanovnici Bele Vode.';

// ... and typed on a keyboard without Serbian letters.
const TEMPLATE_ASCII =
  'Postovani predsednice, obracamo vam se kao stanovnici naselja Bela Voda, koji vec vise od deset godina ' +
  'zive bez redovnog snabdevanja pijacom vodom. Tokom letnjih meseci voda iz gradskog vodovoda dolazi samo ' +
  'nocu, a bunari su zagadjeni nitratima. Deca i stariji sugradjani su najvise ugrozeni. Vise puta smo se ' +
  'obracali lokalnoj samoupravi, ali odgovor nismo dobili. Molimo vas da uticete na nadlezne institucije da ' +
  'se izgradnja novog cevovoda uvrsti u budzet za narednu godinu i da se do tada obezbedi dovoz ispravne vode ' +
  'cisternama. Unapred zahvalni, stanovnici Bele Vode.';

const CAMPAIGN_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['signed with a name and address', `${TEMPLATE}\n\nС поштовањем,\nМилица Јовановић, Бела Вода 14`],
  ['signed with another name', `${TEMPLATE}\n\nДраган Петровић\nул. Карађорђева 7, Бела Вода`],
  [
    'with the sender named in the opening and signed',
    `${TEMPLATE.replace('председниче, обраћамо', 'председниче, ја, Марко Илић, и моје комшије обраћамо')}\nМарко Илић`,
  ],
  [
    'with one sentence rewritten',
    TEMPLATE.replace(
      'Деца и старији суграђани су највише угрожени.',
      'Моја мајка има осамдесет две године и воду јој сваки дан носимо из суседног села.',
    ),
  ],
  [
    'with one sentence rewritten and signed',
    `${TEMPLATE.replace(
      'Више пута смо се обраћали локалној самоуправи, али одговор нисмо добили.',
      'Писали смо градоначелнику три пута прошле године и нико нам није одговорио.',
    )}\nПоздрав, Јован Николић`,
  ],
  ['in Latin script, signed', `${TEMPLATE_LATIN}\n\nS poštovanjem, Dragan Petrović, Karađorđeva 7`],
];

// Letters on unrelated subjects, in the mix of scripts citizens write in; the
// same salutations and closings, nothing else in common.
const DISTINCT_LETTERS: readonly string[] = [
  TEMPLATE,
  'Поштовани председниче, пишем вам у вези са својом пензијом. Радила сам тридесет пет година у текстилној ' +
    'фабрици у Лесковцу, али ми Фонд ПИО већ осам месеци није решио захтев за старосну пензију јер недостају ' +
    'подаци о уплатама доприноса из деведесетих година. Фабрика је у међувремену угашена. Живим сама и немам ' +
    'других примања. Молим вас за помоћ. С поштовањем, Зорица Стојановић',
  'Poštovani gospodine predsedniče, put između sela Gornja Badanja i Lipolista je u takvom stanju da hitna ' +
    'pomoć ne može da dođe do nas kada pada kiša. Prošle zime je moj komšija umro čekajući lekare. Opština kaže ' +
    'da nema novca za asfalt. Da li možete da pomognete da se put popravi pre sledeće zime? Srdačan pozdrav, ' +
    'Nenad Marković',
  'Поштовани председниче, ја сам ученица осмог разреда основне школе у Пријепољу. Наша школа нема салу за ' +
    'физичко васпитање па вежбамо у ходнику, а зими је у учионицама хладно јер се котао често квари. Учитељи ' +
    'се труде, али нам је потребна нова зграда. Желим да вас позовем да дођете и видите како учимо. Поздрав од ' +
    'Јелене и целог одељења VIII-2.',
  'Postovani predsednice, moj otac ceka na operaciju kuka u Klinickom centru u Nisu vec dve godine. Bolovi su ' +
    'toliki da vise ne moze da hoda bez stapa. Receno nam je da je lista cekanja duga i da nema termina pre ' +
    'sledece godine. Molim vas da proverite da li je moguce ubrzati postupak. Unapred hvala, Ivana Djordjevic',
  'Поштовани господине председниче, рођен сам у Книну 1975. године и од 1995. живим у Новом Саду. Захтев за ' +
    'пријем у држављанство Републике Србије поднео сам пре три године, а Министарство унутрашњих послова још ' +
    'није донело решење. Без држављанства не могу да добијем стални посао ни кредит за стан. Молим вас да се ' +
    'заинтересујете за мој случај. С поштовањем, Душан Кордић',
  'Dear Mr President, on behalf of the Serbian Diaspora Association in Chicago I would like to invite you to ' +
    'our annual charity concert on 14 September. The proceeds will fund scholarships for students from rural ' +
    'Serbia. Last year we raised forty thousand dollars. It would be a great honour to have you or a ' +
    'representative of your office with us. Kind regards, Peter Nikolich, Secretary',
  'Поштовани председниче, обраћам вам се као мајка осуђеног Стефана Радића, који издржава казну затвора у ' +
    'Сремској Митровици због крађе. Мој син се покајао, завршио је занат у затвору и има обезбеђен посао код ' +
    'рођака у Шапцу. Болујем од рака и бојим се да га нећу дочекати на слободи. Молим вас да размотрите његову ' +
    'молбу за помиловање. Ваша Ружица Радић',
  'Poštovani predsedniče, imam dvadeset osam godina, završio sam mašinski fakultet u Kragujevcu i već dve ' +
    'godine tražim posao u struci. Na konkursima uvek traže iskustvo koje ne mogu da steknem. Mnogi moji drugovi ' +
    'su otišli u Nemačku. Ja bih voleo da ostanem u Srbiji. Predlažem da država podstakne firme da zapošljavaju ' +
    'mlade inženjere bez iskustva. Pozdrav, Miloš Tomić',
  'Поштовани председниче, желим да вам се захвалим на помоћи коју је моја породица добила после поплава у ' +
    'Обреновцу. Кућа нам је обновљена, деца су се вратила у школу и живот полако долази на своје место. ' +
    'Посебно хвала војницима који су нас извлачили из воде. Никада то нећемо заборавити. Са захвалношћу, ' +
    'породица Милошевић',
  'Poštovani predsedniče, u našoj ulici u Zemunu već mesecima radi nelegalna fabrika za reciklažu plastike ' +
    'koja noću pali otpad. Dim je gust i smrdljiv, a deca kašlju. Prijavili smo inspekciji pet puta, ali oni ' +
    'dolaze danju kada fabrika ne radi. Molimo vas da naložite nadležnima da izađu na teren noću. Stanari ' +
    'Ulice Cara Dušana',
];

const shareBand = (a: string, b: string): boolean => {
  const bandsOfA = new Set(lshBands(minhashSignature(a)));
  return lshBands(minhashSignature(b)).some((key) => bandsOfA.has(key));
};


describe('normaliseForComparison', () => {
  it('when given the Cyrillic, Latin and ASCII versions of a letter, then they normalise to the same text', () => {
    const cyrillic = normaliseForComparison(TEMPLATE);
    expect(normaliseForComparison(TEMPLATE_LATIN)).toBe(cyrillic);
    expect(normaliseForComparison(TEMPLATE_ASCII)).toBe(cyrillic);
    expect(cyrillic.startsWith('postovani predsednice obracamo vam se')).toBe(true);
  });

  it('when given tabs, newlines and punctuation runs, then words are separated by single spaces', () => {
    expect(normaliseForComparison('  Поштовани\tпредседниче,\r\n\r\n  хвала!!!  ')).toBe('postovani predsednice hvala');
  });
});

describe('exactFingerprint', () => {
  it('when the same letter is written in Cyrillic and in Latin, then the fingerprints are identical', () => {
    expect(exactFingerprint(TEMPLATE_LATIN)).toBe(exactFingerprint(TEMPLATE));
    expect(exactFingerprint(TEMPLATE_ASCII)).toBe(exactFingerprint(TEMPLATE));
  });

  it('when only whitespace, case and punctuation change, then the fingerprint does not', () => {
    const reformatted = TEMPLATE.toUpperCase()
      .replace(/, /g, ' — ')
      .replace(/\. /g, '.\n\n   ')
      .replace('ПРЕДСЕДНИЧЕ', 'ПРЕДСЕДНИЧЕ!!!');
    expect(reformatted).not.toBe(TEMPLATE);
    expect(exactFingerprint(reformatted)).toBe(exactFingerprint(TEMPLATE));
  });

  it('when one word changes, then the fingerprint changes', () => {
    const changed = TEMPLATE.replace('десет година', 'петнаест година');
    expect(exactFingerprint(changed)).not.toBe(exactFingerprint(TEMPLATE));
  });

  it('when given a message, then it is the hex SHA-256 of its normalised text', () => {
    // sha256("postovani predsednice")
    expect(exactFingerprint('Поштовани председниче!')).toMatch(/^[0-9a-f]{64}$/);
    expect(exactFingerprint('Поштовани председниче!')).toBe(
      '9937dd027204764ae7ed7a1bef5deb7839e4530e710268032a120572ec48cef4',
    );
  });
});

describe('shingles', () => {
  it('when given a text, then it gives its word 3-grams', () => {
    expect([...shingles('Молимо вас да помогнете.')]).toEqual(['molimo vas da', 'vas da pomognete']);
  });

  it('when a size is given, then it gives n-grams of that size', () => {
    expect([...shingles('a b c', 2)]).toEqual(['a b', 'b c']);
    expect([...shingles('a b c', 1)]).toEqual(['a', 'b', 'c']);
  });

  it('when a text is shorter than the shingle, then it gives one shingle of the whole text', () => {
    expect([...shingles('Хвала!')]).toEqual(['hvala']);
    expect([...shingles('Hvala vam.')]).toEqual(['hvala vam']);
  });

  it('when a phrase repeats, then it is one shingle (a set)', () => {
    expect(shingles('pomozite nam pomozite nam pomozite nam').size).toBe(2);
  });

  it('when the text is empty or only punctuation, then there are no shingles', () => {
    expect(shingles('').size).toBe(0);
    expect(shingles('  ...!?  \n').size).toBe(0);
  });
});

describe('jaccard and estimatedSimilarity', () => {
  it('when computing exact Jaccard, then it is |A ∩ B| / |A ∪ B|', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
    expect(jaccard(new Set(['a']), new Set(['b']))).toBe(0);
    expect(jaccard(new Set(['a']), new Set())).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('when comparing signatures, then it is the fraction of equal positions', () => {
    expect(estimatedSimilarity([1, 2, 3, 4], [1, 2, 0, 0])).toBe(0.5);
    expect(estimatedSimilarity([], [])).toBe(0);
    expect(() => estimatedSimilarity([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('campaign letters', () => {
  const templateShingles = shingles(TEMPLATE);
  const templateSignature = minhashSignature(TEMPLATE);

  it.each(CAMPAIGN_VARIANTS)('when the template is sent %s, then it is a near duplicate', (_label, variant) => {
    const exact = jaccard(templateShingles, shingles(variant));
    expect(exact).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    expect(exact).toBeLessThan(1);
    expect(isNearDuplicate(TEMPLATE, variant)).toBe(true);
    expect(isNearDuplicate(variant, TEMPLATE)).toBe(true);
    expect(exactFingerprint(variant)).not.toBe(exactFingerprint(TEMPLATE));
  });

  it.each(CAMPAIGN_VARIANTS)(
    'when the template is sent %s, then the MinHash estimate is within 0.15 of the exact similarity',
    (_label, variant) => {
      const exact = jaccard(templateShingles, shingles(variant));
      const estimate = estimatedSimilarity(templateSignature, minhashSignature(variant));
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(0.15);
    },
  );

  it.each(CAMPAIGN_VARIANTS)('when the template is sent %s, then it shares an LSH band with it', (_label, variant) => {
    expect(shareBand(TEMPLATE, variant)).toBe(true);
  });

  it('when two citizens each change the template, then their letters are near duplicates of each other too', () => {
    const [, first] = CAMPAIGN_VARIANTS[0] ?? [];
    const [, second] = CAMPAIGN_VARIANTS[3] ?? [];
    expect(isNearDuplicate(first ?? '', second ?? '')).toBe(true);
    expect(shareBand(first ?? '', second ?? '')).toBe(true);
  });

  it('when the same letter comes in Cyrillic and Latin, then signatures and band keys are identical', () => {
    expect(minhashSignature(TEMPLATE_LATIN)).toEqual(templateSignature);
    expect(minhashSignature(TEMPLATE_ASCII)).toEqual(templateSignature);
    expect(lshBands(minhashSignature(TEMPLATE_LATIN))).toEqual(lshBands(templateSignature));
    expect(isNearDuplicate(TEMPLATE, TEMPLATE_LATIN)).toBe(true);
  });
});

describe('unrelated letters', () => {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < DISTINCT_LETTERS.length; i++) {
    for (let j = i + 1; j < DISTINCT_LETTERS.length; j++) pairs.push([i, j]);
  }

  it('when letters are on different subjects, then no two are near duplicates or share a band', () => {
    for (const [i, j] of pairs) {
      const a = DISTINCT_LETTERS[i] ?? '';
      const b = DISTINCT_LETTERS[j] ?? '';
      const context = `letters ${i} and ${j}`;
      expect(jaccard(shingles(a), shingles(b)), context).toBeLessThan(0.2);
      expect(isNearDuplicate(a, b), context).toBe(false);
      expect(shareBand(a, b), context).toBe(false);
    }
  });

  it('when a letter is compared with itself, then it is a near duplicate sharing every band', () => {
    for (const letter of DISTINCT_LETTERS) {
      expect(isNearDuplicate(letter, letter)).toBe(true);
      const signature = minhashSignature(letter);
      expect(estimatedSimilarity(signature, minhashSignature(letter))).toBe(1);
    }
  });
});

describe('minhashSignature and lshBands', () => {
  it('when given a letter, then it gives 64 values below 2^32 and 16 distinct band keys', () => {
    const signature = minhashSignature(TEMPLATE);
    expect(signature).toHaveLength(64);
    for (const value of signature) {
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(2 ** 32);
    }
    const bands = lshBands(signature);
    expect(bands).toHaveLength(16);
    expect(new Set(bands).size).toBe(16);
    bands.forEach((key, i) => expect(key).toMatch(new RegExp(`^b${i}:[0-9a-f]{16}$`)));
  });

  it('when other sizes are asked for, then they are honoured', () => {
    expect(minhashSignature(TEMPLATE, 128)).toHaveLength(128);
    // The first 64 hash functions are the same whatever the length.
    expect(minhashSignature(TEMPLATE, 128).slice(0, 64)).toEqual(minhashSignature(TEMPLATE));
    expect(lshBands(minhashSignature(TEMPLATE), 8)).toHaveLength(8);
    expect(lshBands(minhashSignature(TEMPLATE), 64)).toHaveLength(64);
  });

  it('when the sizes are invalid, then it throws a RangeError', () => {
    expect(() => lshBands(minhashSignature(TEMPLATE), 10)).toThrow(RangeError);
    expect(() => lshBands(minhashSignature(TEMPLATE), 0)).toThrow(RangeError);
    expect(() => minhashSignature(TEMPLATE, 0)).toThrow(RangeError);
    expect(() => shingles(TEMPLATE, 0)).toThrow(RangeError);
  });

  it('when a band with the same rows is in a different position, then its key differs', () => {
    const signature = Array.from({ length: 64 }, () => 7);
    const bands = lshBands(signature);
    expect(new Set(bands.map((key) => key.split(':')[1])).size).toBe(1);
    expect(new Set(bands).size).toBe(16);
  });

  it.each([[''], ['   '], ['!!!'], ['.'], ['Хвала'], ['Hvala vam'], ['a'], ['12']])(
    'when the message is %j, then nothing throws',
    (message) => {
      expect(() => {
        const signature = minhashSignature(message);
        lshBands(signature);
        estimatedSimilarity(signature, minhashSignature(TEMPLATE));
        exactFingerprint(message);
        isNearDuplicate(message, TEMPLATE);
        isNearDuplicate(message, message);
        similarityKeys(message);
      }).not.toThrow();
    },
  );

  it('when the message is empty, then it has no signature, no bands and is nobody’s near duplicate', () => {
    expect(minhashSignature('')).toEqual([]);
    expect(minhashSignature(' ,. ')).toEqual([]);
    expect(lshBands([])).toEqual([]);
    expect(isNearDuplicate('', '')).toBe(false);
    expect(isNearDuplicate('', TEMPLATE)).toBe(false);
    expect(similarityKeys('')).toEqual({ fingerprint: exactFingerprint(''), signature: [], bands: [], shingles: new Set() });
  });

  it('when a message is a single word, then it has a full signature and matches itself in any script', () => {
    expect(minhashSignature('Хвала')).toHaveLength(64);
    expect(minhashSignature('Хвала')).toEqual(minhashSignature('HVALA!'));
    expect(isNearDuplicate('Хвала!', 'hvala')).toBe(true);
    expect(isNearDuplicate('Хвала', 'Hvala vam')).toBe(false);
  });

  it('when computed twice, then the signature and bands are the same', () => {
    expect(minhashSignature(TEMPLATE)).toEqual(minhashSignature(TEMPLATE));
    expect(lshBands(minhashSignature(TEMPLATE))).toEqual(lshBands(minhashSignature(TEMPLATE)));
  });

  it('when computed for a pinned input, then it matches the stored value (hash constants have not changed)', () => {
    // Signatures and band keys are stored in the database: if this fails,
    // every stored key is stale and must be recomputed by a migration.
    const message = 'Поштовани председниче, молимо вас за помоћ.';
    expect(minhashSignature(message).slice(0, 8)).toEqual([
      732993833, 1311042437, 490826286, 304291382, 196410790, 1263832994, 1276634768, 1447691685,
    ]);
    expect(lshBands(minhashSignature(message)).slice(0, 4)).toEqual([
      'b0:facc325c4384e6b9',
      'b1:b144ccc846e013a2',
      'b2:c51bf1f93b8bf682',
      'b3:203a03171c366243',
    ]);
  });

  it('when computing all keys at once, then they equal the separate functions', () => {
    const keys = similarityKeys(TEMPLATE);
    expect(keys.fingerprint).toBe(exactFingerprint(TEMPLATE));
    expect(keys.signature).toEqual(minhashSignature(TEMPLATE));
    expect(keys.bands).toEqual(lshBands(minhashSignature(TEMPLATE)));
    expect(keys.shingles).toEqual(shingles(TEMPLATE));
  });
});

describe('LSH S-curve', () => {
  // Pairs of texts of 60-160 distinct words whose shingle Jaccard is set exactly:
  // they share a run of c words and differ elsewhere; with all words distinct
  // each text has n-2 shingles and they share c-2, so J = (c-2) / (2(n-2) - (c-2)).
  function pairsAt(target: number, count: number, seed: number): Array<{ a: string; b: string; exact: number }> {
    const random = seededRandom(seed);
    let next = 0;
    const word = (): string => `rec${seed}x${(next++).toString(36)}`;
    const words = (k: number): string[] => Array.from({ length: k }, word);
    const out: Array<{ a: string; b: string; exact: number }> = [];
    for (let p = 0; p < count; p++) {
      const n = 60 + Math.floor(random() * 101);
      const shared = 2 + Math.round((2 * target * (n - 2)) / (1 + target));
      const common = words(shared);
      const before = Math.floor(random() * (n - shared + 1));
      const a = [...common, ...words(n - shared)].join(' ');
      const b = [...words(before), ...common, ...words(n - shared - before)].join(' ');
      out.push({ a, b, exact: jaccard(shingles(a), shingles(b)) });
    }
    return out;
  }

  const fractionSharingBand = (pairs: ReadonlyArray<{ a: string; b: string }>): number =>
    pairs.filter(({ a, b }) => shareBand(a, b)).length / pairs.length;

  it('when pairs have Jaccard about 0.9, then at least 95% share a band', () => {
    const pairs = pairsAt(0.9, 200, 9);
    for (const { exact } of pairs) expect(Math.abs(exact - 0.9)).toBeLessThan(0.02);
    expect(fractionSharingBand(pairs)).toBeGreaterThanOrEqual(0.95);
  });

  it('when pairs have Jaccard about 0.7, then at least 95% share a band (theory: 98.8%)', () => {
    const pairs = pairsAt(0.7, 200, 7);
    expect(fractionSharingBand(pairs)).toBeGreaterThanOrEqual(0.95);
  });

  it('when pairs have Jaccard about 0.5, then about two in three share a band (theory: 64%)', () => {
    const fraction = fractionSharingBand(pairsAt(0.5, 200, 5));
    expect(fraction).toBeGreaterThan(0.5);
    expect(fraction).toBeLessThan(0.8);
  });

  it('when pairs have Jaccard about 0.2, then at most 5% share a band (theory: 2.5%)', () => {
    const pairs = pairsAt(0.2, 200, 2);
    for (const { exact } of pairs) expect(Math.abs(exact - 0.2)).toBeLessThan(0.02);
    expect(fractionSharingBand(pairs)).toBeLessThanOrEqual(0.05);
  });

  it('when pairs have Jaccard 0.2-0.9, then the estimate is unbiased and rarely off by more than 0.15', () => {
    const pairs = [0.2, 0.5, 0.7, 0.9].flatMap((target, i) => pairsAt(target, 50, 100 + i));
    const errors = pairs.map(({ a, b, exact }) => estimatedSimilarity(minhashSignature(a), minhashSignature(b)) - exact);
    const meanError = errors.reduce((sum, e) => sum + e, 0) / errors.length;
    expect(Math.abs(meanError)).toBeLessThan(0.02);
    expect(errors.filter((e) => Math.abs(e) > 0.15).length / errors.length).toBeLessThan(0.03);
  });
});
