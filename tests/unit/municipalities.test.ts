import { describe, it, expect } from 'vitest';
import {
  CITY_MUNICIPALITIES,
  MUNICIPALITIES,
  type Municipality,
} from '../../src/geo/municipalities.data.js';
import {
  findMunicipality,
  getMunicipality,
  listMunicipalities,
  suggestMunicipalities,
} from '../../src/geo/municipality.match.js';
import { toLatin } from '../../src/text/transliterate.js';
import { fold } from '../../src/text/fold.js';

const code = (input: string): string | undefined => findMunicipality(input)?.code;
const suggested = (input: string, limit?: number): string[] =>
  suggestMunicipalities(input, limit).map((m) => m.code);
const ofKind = (kind: Municipality['kind']): Municipality[] =>
  MUNICIPALITIES.filter((m) => m.kind === kind);

describe('the register (Law on Territorial Organisation, Sl. glasnik RS 129/2007 … 9/2020, and the cities\' statutes)', () => {
  it('has 29 cities, 145 municipalities and 28 city municipalities', () => {
    expect(ofKind('city')).toHaveLength(29);
    expect(ofKind('municipality')).toHaveLength(145);
    expect(ofKind('city_municipality')).toHaveLength(28);
    expect(MUNICIPALITIES).toHaveLength(202);
  });

  it('has 174 local self-government units, 29 of them in Kosovo and Metohija', () => {
    const units = MUNICIPALITIES.filter((m) => m.kind !== 'city_municipality');
    expect(units).toHaveLength(174);
    const kosovo = [
      'glogovac', 'kosovo-polje', 'kacanik', 'lipljan', 'obilic', 'podujevo', 'pristina',
      'urosevac', 'stimlje', 'strpce', 'decani', 'djakovica', 'istok', 'klina', 'pec', 'gora',
      'orahovac', 'prizren', 'suva-reka', 'vucitrn', 'zvecan', 'zubin-potok',
      'kosovska-mitrovica', 'leposavic', 'srbica', 'vitina', 'gnjilane', 'kosovska-kamenica',
      'novo-brdo',
    ];
    expect(kosovo.every((c) => getMunicipality(c) !== undefined)).toBe(true);
    expect(kosovo.filter((c) => getMunicipality(c)?.kind === 'city')).toEqual(['pristina']);
  });

  it('lists the 29 cities', () => {
    expect(ofKind('city').map((m) => m.nameLatn).sort()).toEqual(
      [
        'Beograd', 'Bor', 'Valjevo', 'Vranje', 'Vršac', 'Zaječar', 'Zrenjanin', 'Jagodina',
        'Kikinda', 'Kragujevac', 'Kraljevo', 'Kruševac', 'Leskovac', 'Loznica', 'Niš',
        'Novi Pazar', 'Novi Sad', 'Pančevo', 'Pirot', 'Požarevac', 'Priština', 'Prokuplje',
        'Smederevo', 'Sombor', 'Sremska Mitrovica', 'Subotica', 'Užice', 'Čačak', 'Šabac',
      ].sort(),
    );
  });

  it('gives every city municipality to exactly one city', () => {
    const members = Object.values(CITY_MUNICIPALITIES).flat();
    expect([...members].sort()).toEqual(ofKind('city_municipality').map((m) => m.code).sort());
    expect(new Set(members).size).toBe(members.length);
    for (const [city, list] of Object.entries(CITY_MUNICIPALITIES)) {
      expect(getMunicipality(city)?.kind).toBe('city');
      for (const member of list) expect(member.startsWith(`${city}-`)).toBe(true);
    }
    expect(CITY_MUNICIPALITIES['beograd']).toHaveLength(17);
    expect(CITY_MUNICIPALITIES['nis']).toHaveLength(5);
    expect(Object.keys(CITY_MUNICIPALITIES).sort()).toEqual(
      ['beograd', 'nis', 'pozarevac', 'uzice', 'vranje'],
    );
  });

  it('has unique ASCII codes', () => {
    const codes = MUNICIPALITIES.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has Latin names that are the transliteration of the Cyrillic ones', () => {
    // No exception is needed: every official Latin name is written with Đ,
    // never "Dj", and no name has a two-letter lj/nj/dž.
    for (const m of MUNICIPALITIES) expect(m.nameLatn).toBe(toLatin(m.nameCyrl));
  });

  it('has no two units whose names only differ in case or diacritics, except the known shared names', () => {
    const byName = new Map<string, string[]>();
    for (const m of MUNICIPALITIES) {
      const key = fold(m.nameLatn);
      byName.set(key, [...(byName.get(key) ?? []), m.code]);
    }
    const shared = [...byName.values()].filter((codes) => codes.length > 1);
    expect(shared).toEqual([
      ['beograd-palilula', 'nis-palilula'],
      ['pozarevac', 'pozarevac-pozarevac'],
      ['uzice', 'uzice-uzice'],
      ['vranje', 'vranje-vranje'],
    ]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(MUNICIPALITIES)).toBe(true);
    expect(Object.isFrozen(MUNICIPALITIES[0])).toBe(true);
  });
});

describe('findMunicipality', () => {
  it('ignores case, diacritics, script and spacing', () => {
    for (const input of ['cacak', 'Čačak', 'Чачак', 'ČAČAK', ' čačak ', 'ЧАЧАК', 'Cacak.']) {
      expect(code(input), input).toBe('cacak');
    }
  });

  it('matches names of several words', () => {
    for (const input of ['Bačka Palanka', 'backa palanka', 'Бачка Паланка', 'BACKA  PALANKA', 'Bačka-Palanka']) {
      expect(code(input), input).toBe('backa-palanka');
    }
    expect(code('Petrovac na Mlavi')).toBe('petrovac-na-mlavi');
  });

  it('matches names with lj, nj, dž and đ', () => {
    expect(code('Ljig')).toBe('ljig');
    expect(code('Љиг')).toBe('ljig');
    expect(code('LJIG')).toBe('ljig');
    expect(code('Knjaževac')).toBe('knjazevac');
    expect(code('knjazevac')).toBe('knjazevac');
    expect(code('Књажевац')).toBe('knjazevac');
    expect(code('Gadžin Han')).toBe('gadzin-han');
    expect(code('Гаџин Хан')).toBe('gadzin-han');
    expect(code('Odzaci')).toBe('odzaci');
    expect(code('Đakovica')).toBe('djakovica');
    expect(code('djakovica')).toBe('djakovica');
    expect(code('Ђаковица')).toBe('djakovica');
    expect(code('Aranđelovac')).toBe('arandjelovac');
    expect(code('Arandjelovac')).toBe('arandjelovac');
    expect(code('Mali Iđoš')).toBe('mali-idjos');
  });

  it('matches the city municipalities of Belgrade', () => {
    expect(code('Zvezdara')).toBe('beograd-zvezdara');
    expect(code('Звездара')).toBe('beograd-zvezdara');
    expect(code('Novi Beograd')).toBe('beograd-novi-beograd');
    expect(code('Нови Београд')).toBe('beograd-novi-beograd');
    expect(code('Savski Venac')).toBe('beograd-savski-venac');
    expect(code('Stari grad')).toBe('beograd-stari-grad');
    expect(code('Čukarica')).toBe('beograd-cukarica');
    expect(code('Surcin')).toBe('beograd-surcin');
  });

  it('knows the City of Belgrade by its names', () => {
    for (const input of ['Beograd', 'Београд', 'Belgrade', 'BELGRADE', 'Grad Beograd', 'Град Београд', 'City of Belgrade']) {
      expect(code(input), input).toBe('beograd');
    }
  });

  it('gives the city for a name it shares with a city municipality', () => {
    expect(findMunicipality('Vranje')?.kind).toBe('city');
    expect(code('Vranje')).toBe('vranje');
    expect(code('Врање')).toBe('vranje');
    expect(code('Požarevac')).toBe('pozarevac');
    expect(code('Užice')).toBe('uzice');
    expect(code('Grad Užice')).toBe('uzice');
  });

  it('gives the city municipality when the prefix says so', () => {
    expect(code('Gradska opština Vranje')).toBe('vranje-vranje');
    expect(code('Градска општина Пожаревац')).toBe('pozarevac-pozarevac');
    expect(code('GO Užice')).toBe('uzice-uzice');
  });

  it('tells the two Paliluas apart by their city, Belgrade\'s by default', () => {
    expect(code('Palilula')).toBe('beograd-palilula');
    expect(code('Niš - Palilula')).toBe('nis-palilula');
    expect(code('Палилула (Ниш)')).toBe('nis-palilula');
    expect(code('Gradska opština Palilula, Niš')).toBe('nis-palilula');
    expect(code('Beograd-Palilula')).toBe('beograd-palilula');
    expect(code('Niš')).toBe('nis');
    expect(code('Niška Banja')).toBe('nis-niska-banja');
    expect(code('Crveni Krst')).toBe('nis-crveni-krst');
  });

  it('strips the prefixes Opština, Grad, Gradska opština', () => {
    expect(code('Opština Čačak')).toBe('cacak');
    expect(code('Општина Чачак')).toBe('cacak');
    expect(code('opstina cacak')).toBe('cacak');
    expect(code('Grad Čačak')).toBe('cacak');
    expect(code('Град Чачак')).toBe('cacak');
    expect(code('Opština Bačka Palanka')).toBe('backa-palanka');
    expect(code('Gradska opština Zvezdara')).toBe('beograd-zvezdara');
    expect(code('Градска општина Звездара')).toBe('beograd-zvezdara');
    expect(code('Opština Stari grad')).toBe('beograd-stari-grad');
    expect(code('Grad Novi Sad')).toBe('novi-sad');
  });

  it('knows a few other names in use', () => {
    expect(code('Soko Banja')).toBe('sokobanja');
    expect(code('Sokobanja')).toBe('sokobanja');
    expect(code('Petrovac')).toBe('petrovac-na-mlavi');
    expect(code('Petrovaradin')).toBe('novi-sad');
  });

  it('returns undefined for unknown names', () => {
    expect(findMunicipality('')).toBeUndefined();
    expect(findMunicipality('   ')).toBeUndefined();
    expect(findMunicipality('Zagreb')).toBeUndefined();
    expect(findMunicipality('Cacka')).toBeUndefined();
    expect(findMunicipality('Grad')).toBeUndefined();
    expect(findMunicipality('Opština')).toBeUndefined();
    expect(findMunicipality('Opština Zagreb')).toBeUndefined();
    expect(findMunicipality('xyzxyzxyz')).toBeUndefined();
  });

  it('finds every unit by either of its names', () => {
    for (const m of MUNICIPALITIES) {
      const expected = m.kind === 'city_municipality' && ['uzice-uzice', 'vranje-vranje', 'pozarevac-pozarevac', 'nis-palilula'].includes(m.code)
        ? undefined // found as the city, or as Belgrade's Palilula
        : m.code;
      if (expected === undefined) continue;
      expect(code(m.nameLatn), m.nameLatn).toBe(expected);
      expect(code(m.nameCyrl), m.nameCyrl).toBe(expected);
    }
  });
});

describe('suggestMunicipalities', () => {
  it('suggests the nearest names for typos', () => {
    expect(suggested('Cacka')[0]).toBe('cacak');
    expect(suggested('Novi Sd')[0]).toBe('novi-sad');
    expect(suggested('Kragujeac')[0]).toBe('kragujevac');
    expect(suggested('Чачка')[0]).toBe('cacak');
    expect(suggested('Zvezdra')[0]).toBe('beograd-zvezdara');
    expect(suggested('Opština Knjazevc')[0]).toBe('knjazevac');
  });

  it('orders equally near names by name', () => {
    // Bač and Bor are both one letter away from "Boc".
    const near = suggestMunicipalities('Boc');
    expect(near.slice(0, 2).map((m) => m.nameLatn)).toEqual(['Bač', 'Bor']);
  });

  it('returns an exact match first', () => {
    expect(suggested('Čačak')[0]).toBe('cacak');
  });

  it('returns nothing for garbage', () => {
    expect(suggestMunicipalities('xyzxyzxyz')).toEqual([]);
    expect(suggestMunicipalities('')).toEqual([]);
    expect(suggestMunicipalities('q')).toEqual([]);
    expect(suggestMunicipalities('a'.repeat(10_000))).toEqual([]);
  });

  it('returns at most `limit`, 3 by default', () => {
    // Bač, Blace, Bor, Peć, Rača and Šabac are all within two edits of "Bac".
    expect(suggestMunicipalities('Bac', 10).length).toBeGreaterThan(3);
    expect(suggested('Bac')).toEqual(['bac', 'blace', 'bor']);
    expect(suggested('Bac', 1)).toEqual(['bac']);
    expect(suggestMunicipalities('Bac', 0)).toEqual([]);
    expect(suggestMunicipalities('Bac', -1)).toEqual([]);
  });

  it('offers a shared name once, as the unit findMunicipality would give', () => {
    const names = suggestMunicipalities('Vranej', 10);
    expect(names.filter((m) => m.nameLatn === 'Vranje').map((m) => m.code)).toEqual(['vranje']);
    const palilula = suggestMunicipalities('Palilla', 10);
    expect(palilula.filter((m) => m.nameLatn === 'Palilula').map((m) => m.code)).toEqual(['beograd-palilula']);
  });

  it('is fast enough to run per request', () => {
    const start = performance.now();
    for (let i = 0; i < 200; i++) suggestMunicipalities(`Kragujeac ${i % 10}`);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

describe('listMunicipalities', () => {
  it('lists every unit with code and both names, in Serbian Latin order', () => {
    const list = listMunicipalities();
    expect(list).toHaveLength(MUNICIPALITIES.length);
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(['code', 'nameCyrl', 'nameLatn']);
    const names = list.map((m) => m.nameLatn);
    const index = (name: string): number => names.indexOf(name);
    expect(names[0]).toBe('Ada');
    expect(index('Crveni krst')).toBeLessThan(index('Čačak'));
    expect(index('Čukarica')).toBeLessThan(index('Ćićevac'));
    expect(index('Ćuprija')).toBeLessThan(index('Dečani'));
    expect(index('Lučani')).toBeLessThan(index('Ljig'));
    expect(index('Novo Brdo')).toBeLessThan(index('Obilić'));
    expect(index('Svrljig')).toBeLessThan(index('Šabac'));
    expect(index('Zvezdara')).toBeLessThan(index('Žabalj'));
    const collator = new Intl.Collator('sr-Latn');
    for (let i = 1; i < names.length; i++) {
      expect(collator.compare(names[i - 1] ?? '', names[i] ?? '')).toBeLessThanOrEqual(0);
    }
  });

  it('puts the city before the city municipality of the same name', () => {
    const codes = listMunicipalities().map((m) => m.code);
    expect(codes.indexOf('vranje')).toBe(codes.indexOf('vranje-vranje') - 1);
  });

  it('returns a fresh copy', () => {
    const list = listMunicipalities();
    list.pop();
    (list[0] as { nameLatn: string }).nameLatn = 'X';
    expect(listMunicipalities()).toHaveLength(MUNICIPALITIES.length);
    expect(listMunicipalities()[0]?.nameLatn).toBe('Ada');
  });
});
