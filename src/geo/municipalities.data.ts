/**
 * Register of the local self-government units of the Republic of Serbia:
 * every city (град, including the City of Belgrade), every municipality
 * (општина) and every city municipality (градска општина).
 *
 * Sources (compiled and cross-checked 25 November 2026):
 *  - Закон о територијалној организацији Републике Србије, „Службени гласник
 *    РС“ бр. 129/2007, 18/2016, 47/2018 и 9/2020 – др. закон (the latest
 *    amendment): 145 municipalities, 28 cities and the City of Belgrade, i.e.
 *    174 local self-government units, Kosovo and Metohija included (28
 *    municipalities and the City of Priština there). Cities per the 2007 text
 *    plus Vršac, Kikinda, Pirot, Bor (2016) and Prokuplje (2018).
 *  - City municipalities are not listed by that law; they are set by the
 *    cities' statutes, as the Constitution allows: the statutes of the City
 *    of Belgrade (17), Niš (5), Požarevac (Požarevac, Kostolac), Užice
 *    (Užice, Sevojno) and Vranje (Vranje, Vranjska Banja). Novi Sad's two city municipalities (Novi
 *    Sad, Petrovaradin) existed only on paper and were abolished by the
 *    City of Novi Sad's new Statute on 25 March 2019, so they are not here
 *    (the matcher maps the name "Petrovaradin" to the City of Novi Sad).
 *  - Names and the division into statistical units cross-checked against the
 *    Statistical Office's municipal register (codes 70xxx/80xxx/90xxx) as
 *    reproduced in a public dataset of the e-initiative (е-иницијатива)
 *    service, and against the Geodetic Authority's (RGZ) list of
 *    municipalities. The Statistical Office's own edition of „Општине и
 *    региони у Републици Србији“ was not available to compare against.
 *
 * Totals: 29 cities + 145 municipalities + 28 city municipalities = 202
 * entries (outside Kosovo and Metohija: 28 cities, 117 municipalities).
 *
 * Names are the official Cyrillic names; the Latin names are their exact
 * transliteration (Gaj's alphabet). Names of city quarters keep lower case on
 * the second word as in the statutes: Savski venac, Stari grad, Crveni krst.
 *
 * Codes are stable ASCII slugs of the Latin name (đ → dj): `cacak`,
 * `backa-palanka`, `beograd`. A city municipality's code is prefixed with
 * its city's code, because names repeat (Palilula is in Belgrade and in Niš,
 * and Požarevac, Užice and Vranje each have a city municipality of the same
 * name as the city): `beograd-zvezdara`, `nis-palilula`, `vranje-vranje`.
 * Codes are stored elsewhere: never change or reuse one.
 */

export type MunicipalityKind = 'city' | 'municipality' | 'city_municipality';

export interface Municipality {
  /** Stable ASCII slug: lower case, digits and hyphens. */
  readonly code: string;
  /** Official name in Cyrillic. */
  readonly nameCyrl: string;
  /** Official name in Latin script. */
  readonly nameLatn: string;
  readonly kind: MunicipalityKind;
}

// By district, as in the statistical register; a city's own city
// municipalities follow it.
const ENTRIES: readonly Municipality[] = [
  // Град Београд (не припада ниједном округу)
  { code: 'beograd', nameCyrl: 'Београд', nameLatn: 'Beograd', kind: 'city' },
  { code: 'beograd-barajevo', nameCyrl: 'Барајево', nameLatn: 'Barajevo', kind: 'city_municipality' },
  { code: 'beograd-vozdovac', nameCyrl: 'Вождовац', nameLatn: 'Voždovac', kind: 'city_municipality' },
  { code: 'beograd-vracar', nameCyrl: 'Врачар', nameLatn: 'Vračar', kind: 'city_municipality' },
  { code: 'beograd-grocka', nameCyrl: 'Гроцка', nameLatn: 'Grocka', kind: 'city_municipality' },
  { code: 'beograd-zvezdara', nameCyrl: 'Звездара', nameLatn: 'Zvezdara', kind: 'city_municipality' },
  { code: 'beograd-zemun', nameCyrl: 'Земун', nameLatn: 'Zemun', kind: 'city_municipality' },
  { code: 'beograd-lazarevac', nameCyrl: 'Лазаревац', nameLatn: 'Lazarevac', kind: 'city_municipality' },
  { code: 'beograd-mladenovac', nameCyrl: 'Младеновац', nameLatn: 'Mladenovac', kind: 'city_municipality' },
  { code: 'beograd-novi-beograd', nameCyrl: 'Нови Београд', nameLatn: 'Novi Beograd', kind: 'city_municipality' },
  { code: 'beograd-obrenovac', nameCyrl: 'Обреновац', nameLatn: 'Obrenovac', kind: 'city_municipality' },
  { code: 'beograd-palilula', nameCyrl: 'Палилула', nameLatn: 'Palilula', kind: 'city_municipality' },
  { code: 'beograd-rakovica', nameCyrl: 'Раковица', nameLatn: 'Rakovica', kind: 'city_municipality' },
  { code: 'beograd-savski-venac', nameCyrl: 'Савски венац', nameLatn: 'Savski venac', kind: 'city_municipality' },
  { code: 'beograd-sopot', nameCyrl: 'Сопот', nameLatn: 'Sopot', kind: 'city_municipality' },
  { code: 'beograd-stari-grad', nameCyrl: 'Стари град', nameLatn: 'Stari grad', kind: 'city_municipality' },
  { code: 'beograd-surcin', nameCyrl: 'Сурчин', nameLatn: 'Surčin', kind: 'city_municipality' },
  { code: 'beograd-cukarica', nameCyrl: 'Чукарица', nameLatn: 'Čukarica', kind: 'city_municipality' },
  // Севернобачки округ
  { code: 'backa-topola', nameCyrl: 'Бачка Топола', nameLatn: 'Bačka Topola', kind: 'municipality' },
  { code: 'mali-idjos', nameCyrl: 'Мали Иђош', nameLatn: 'Mali Iđoš', kind: 'municipality' },
  { code: 'subotica', nameCyrl: 'Суботица', nameLatn: 'Subotica', kind: 'city' },
  // Средњобанатски округ
  { code: 'zitiste', nameCyrl: 'Житиште', nameLatn: 'Žitište', kind: 'municipality' },
  { code: 'zrenjanin', nameCyrl: 'Зрењанин', nameLatn: 'Zrenjanin', kind: 'city' },
  { code: 'nova-crnja', nameCyrl: 'Нова Црња', nameLatn: 'Nova Crnja', kind: 'municipality' },
  { code: 'novi-becej', nameCyrl: 'Нови Бечеј', nameLatn: 'Novi Bečej', kind: 'municipality' },
  { code: 'secanj', nameCyrl: 'Сечањ', nameLatn: 'Sečanj', kind: 'municipality' },
  // Севернобанатски округ
  { code: 'ada', nameCyrl: 'Ада', nameLatn: 'Ada', kind: 'municipality' },
  { code: 'kanjiza', nameCyrl: 'Кањижа', nameLatn: 'Kanjiža', kind: 'municipality' },
  { code: 'kikinda', nameCyrl: 'Кикинда', nameLatn: 'Kikinda', kind: 'city' },
  { code: 'novi-knezevac', nameCyrl: 'Нови Кнежевац', nameLatn: 'Novi Kneževac', kind: 'municipality' },
  { code: 'senta', nameCyrl: 'Сента', nameLatn: 'Senta', kind: 'municipality' },
  { code: 'coka', nameCyrl: 'Чока', nameLatn: 'Čoka', kind: 'municipality' },
  // Јужнобанатски округ
  { code: 'alibunar', nameCyrl: 'Алибунар', nameLatn: 'Alibunar', kind: 'municipality' },
  { code: 'bela-crkva', nameCyrl: 'Бела Црква', nameLatn: 'Bela Crkva', kind: 'municipality' },
  { code: 'vrsac', nameCyrl: 'Вршац', nameLatn: 'Vršac', kind: 'city' },
  { code: 'kovacica', nameCyrl: 'Ковачица', nameLatn: 'Kovačica', kind: 'municipality' },
  { code: 'kovin', nameCyrl: 'Ковин', nameLatn: 'Kovin', kind: 'municipality' },
  { code: 'opovo', nameCyrl: 'Опово', nameLatn: 'Opovo', kind: 'municipality' },
  { code: 'pancevo', nameCyrl: 'Панчево', nameLatn: 'Pančevo', kind: 'city' },
  { code: 'plandiste', nameCyrl: 'Пландиште', nameLatn: 'Plandište', kind: 'municipality' },
  // Западнобачки округ
  { code: 'apatin', nameCyrl: 'Апатин', nameLatn: 'Apatin', kind: 'municipality' },
  { code: 'kula', nameCyrl: 'Кула', nameLatn: 'Kula', kind: 'municipality' },
  { code: 'odzaci', nameCyrl: 'Оџаци', nameLatn: 'Odžaci', kind: 'municipality' },
  { code: 'sombor', nameCyrl: 'Сомбор', nameLatn: 'Sombor', kind: 'city' },
  // Јужнобачки округ
  { code: 'bac', nameCyrl: 'Бач', nameLatn: 'Bač', kind: 'municipality' },
  { code: 'backa-palanka', nameCyrl: 'Бачка Паланка', nameLatn: 'Bačka Palanka', kind: 'municipality' },
  { code: 'backi-petrovac', nameCyrl: 'Бачки Петровац', nameLatn: 'Bački Petrovac', kind: 'municipality' },
  { code: 'beocin', nameCyrl: 'Беочин', nameLatn: 'Beočin', kind: 'municipality' },
  { code: 'becej', nameCyrl: 'Бечеј', nameLatn: 'Bečej', kind: 'municipality' },
  { code: 'vrbas', nameCyrl: 'Врбас', nameLatn: 'Vrbas', kind: 'municipality' },
  { code: 'zabalj', nameCyrl: 'Жабаљ', nameLatn: 'Žabalj', kind: 'municipality' },
  { code: 'novi-sad', nameCyrl: 'Нови Сад', nameLatn: 'Novi Sad', kind: 'city' },
  { code: 'srbobran', nameCyrl: 'Србобран', nameLatn: 'Srbobran', kind: 'municipality' },
  { code: 'sremski-karlovci', nameCyrl: 'Сремски Карловци', nameLatn: 'Sremski Karlovci', kind: 'municipality' },
  { code: 'temerin', nameCyrl: 'Темерин', nameLatn: 'Temerin', kind: 'municipality' },
  { code: 'titel', nameCyrl: 'Тител', nameLatn: 'Titel', kind: 'municipality' },
  // Сремски округ
  { code: 'indjija', nameCyrl: 'Инђија', nameLatn: 'Inđija', kind: 'municipality' },
  { code: 'irig', nameCyrl: 'Ириг', nameLatn: 'Irig', kind: 'municipality' },
  { code: 'pecinci', nameCyrl: 'Пећинци', nameLatn: 'Pećinci', kind: 'municipality' },
  { code: 'ruma', nameCyrl: 'Рума', nameLatn: 'Ruma', kind: 'municipality' },
  { code: 'sremska-mitrovica', nameCyrl: 'Сремска Митровица', nameLatn: 'Sremska Mitrovica', kind: 'city' },
  { code: 'stara-pazova', nameCyrl: 'Стара Пазова', nameLatn: 'Stara Pazova', kind: 'municipality' },
  { code: 'sid', nameCyrl: 'Шид', nameLatn: 'Šid', kind: 'municipality' },
  // Мачвански округ
  { code: 'bogatic', nameCyrl: 'Богатић', nameLatn: 'Bogatić', kind: 'municipality' },
  { code: 'vladimirci', nameCyrl: 'Владимирци', nameLatn: 'Vladimirci', kind: 'municipality' },
  { code: 'koceljeva', nameCyrl: 'Коцељева', nameLatn: 'Koceljeva', kind: 'municipality' },
  { code: 'krupanj', nameCyrl: 'Крупањ', nameLatn: 'Krupanj', kind: 'municipality' },
  { code: 'loznica', nameCyrl: 'Лозница', nameLatn: 'Loznica', kind: 'city' },
  { code: 'ljubovija', nameCyrl: 'Љубовија', nameLatn: 'Ljubovija', kind: 'municipality' },
  { code: 'mali-zvornik', nameCyrl: 'Мали Зворник', nameLatn: 'Mali Zvornik', kind: 'municipality' },
  { code: 'sabac', nameCyrl: 'Шабац', nameLatn: 'Šabac', kind: 'city' },
  // Колубарски округ
  { code: 'valjevo', nameCyrl: 'Ваљево', nameLatn: 'Valjevo', kind: 'city' },
  { code: 'lajkovac', nameCyrl: 'Лајковац', nameLatn: 'Lajkovac', kind: 'municipality' },
  { code: 'ljig', nameCyrl: 'Љиг', nameLatn: 'Ljig', kind: 'municipality' },
  { code: 'mionica', nameCyrl: 'Мионица', nameLatn: 'Mionica', kind: 'municipality' },
  { code: 'osecina', nameCyrl: 'Осечина', nameLatn: 'Osečina', kind: 'municipality' },
  { code: 'ub', nameCyrl: 'Уб', nameLatn: 'Ub', kind: 'municipality' },
  // Подунавски округ
  { code: 'velika-plana', nameCyrl: 'Велика Плана', nameLatn: 'Velika Plana', kind: 'municipality' },
  { code: 'smederevo', nameCyrl: 'Смедерево', nameLatn: 'Smederevo', kind: 'city' },
  { code: 'smederevska-palanka', nameCyrl: 'Смедеревска Паланка', nameLatn: 'Smederevska Palanka', kind: 'municipality' },
  // Браничевски округ
  { code: 'veliko-gradiste', nameCyrl: 'Велико Градиште', nameLatn: 'Veliko Gradište', kind: 'municipality' },
  { code: 'golubac', nameCyrl: 'Голубац', nameLatn: 'Golubac', kind: 'municipality' },
  { code: 'zabari', nameCyrl: 'Жабари', nameLatn: 'Žabari', kind: 'municipality' },
  { code: 'zagubica', nameCyrl: 'Жагубица', nameLatn: 'Žagubica', kind: 'municipality' },
  { code: 'kucevo', nameCyrl: 'Кучево', nameLatn: 'Kučevo', kind: 'municipality' },
  { code: 'malo-crnice', nameCyrl: 'Мало Црниће', nameLatn: 'Malo Crniće', kind: 'municipality' },
  { code: 'petrovac-na-mlavi', nameCyrl: 'Петровац на Млави', nameLatn: 'Petrovac na Mlavi', kind: 'municipality' },
  { code: 'pozarevac', nameCyrl: 'Пожаревац', nameLatn: 'Požarevac', kind: 'city' },
  { code: 'pozarevac-pozarevac', nameCyrl: 'Пожаревац', nameLatn: 'Požarevac', kind: 'city_municipality' },
  { code: 'pozarevac-kostolac', nameCyrl: 'Костолац', nameLatn: 'Kostolac', kind: 'city_municipality' },
  // Шумадијски округ
  { code: 'arandjelovac', nameCyrl: 'Аранђеловац', nameLatn: 'Aranđelovac', kind: 'municipality' },
  { code: 'batocina', nameCyrl: 'Баточина', nameLatn: 'Batočina', kind: 'municipality' },
  { code: 'knic', nameCyrl: 'Кнић', nameLatn: 'Knić', kind: 'municipality' },
  { code: 'kragujevac', nameCyrl: 'Крагујевац', nameLatn: 'Kragujevac', kind: 'city' },
  { code: 'lapovo', nameCyrl: 'Лапово', nameLatn: 'Lapovo', kind: 'municipality' },
  { code: 'raca', nameCyrl: 'Рача', nameLatn: 'Rača', kind: 'municipality' },
  { code: 'topola', nameCyrl: 'Топола', nameLatn: 'Topola', kind: 'municipality' },
  // Поморавски округ
  { code: 'despotovac', nameCyrl: 'Деспотовац', nameLatn: 'Despotovac', kind: 'municipality' },
  { code: 'jagodina', nameCyrl: 'Јагодина', nameLatn: 'Jagodina', kind: 'city' },
  { code: 'paracin', nameCyrl: 'Параћин', nameLatn: 'Paraćin', kind: 'municipality' },
  { code: 'rekovac', nameCyrl: 'Рековац', nameLatn: 'Rekovac', kind: 'municipality' },
  { code: 'svilajnac', nameCyrl: 'Свилајнац', nameLatn: 'Svilajnac', kind: 'municipality' },
  { code: 'cuprija', nameCyrl: 'Ћуприја', nameLatn: 'Ćuprija', kind: 'municipality' },
  // Борски округ
  { code: 'bor', nameCyrl: 'Бор', nameLatn: 'Bor', kind: 'city' },
  { code: 'kladovo', nameCyrl: 'Кладово', nameLatn: 'Kladovo', kind: 'municipality' },
  { code: 'majdanpek', nameCyrl: 'Мајданпек', nameLatn: 'Majdanpek', kind: 'municipality' },
  { code: 'negotin', nameCyrl: 'Неготин', nameLatn: 'Negotin', kind: 'municipality' },
  // Зајечарски округ
  { code: 'boljevac', nameCyrl: 'Бољевац', nameLatn: 'Boljevac', kind: 'municipality' },
  { code: 'zajecar', nameCyrl: 'Зајечар', nameLatn: 'Zaječar', kind: 'city' },
  { code: 'knjazevac', nameCyrl: 'Књажевац', nameLatn: 'Knjaževac', kind: 'municipality' },
  { code: 'sokobanja', nameCyrl: 'Сокобања', nameLatn: 'Sokobanja', kind: 'municipality' },
  // Златиборски округ
  { code: 'arilje', nameCyrl: 'Ариље', nameLatn: 'Arilje', kind: 'municipality' },
  { code: 'bajina-basta', nameCyrl: 'Бајина Башта', nameLatn: 'Bajina Bašta', kind: 'municipality' },
  { code: 'kosjeric', nameCyrl: 'Косјерић', nameLatn: 'Kosjerić', kind: 'municipality' },
  { code: 'nova-varos', nameCyrl: 'Нова Варош', nameLatn: 'Nova Varoš', kind: 'municipality' },
  { code: 'pozega', nameCyrl: 'Пожега', nameLatn: 'Požega', kind: 'municipality' },
  { code: 'priboj', nameCyrl: 'Прибој', nameLatn: 'Priboj', kind: 'municipality' },
  { code: 'prijepolje', nameCyrl: 'Пријепоље', nameLatn: 'Prijepolje', kind: 'municipality' },
  { code: 'sjenica', nameCyrl: 'Сјеница', nameLatn: 'Sjenica', kind: 'municipality' },
  { code: 'uzice', nameCyrl: 'Ужице', nameLatn: 'Užice', kind: 'city' },
  { code: 'uzice-uzice', nameCyrl: 'Ужице', nameLatn: 'Užice', kind: 'city_municipality' },
  { code: 'uzice-sevojno', nameCyrl: 'Севојно', nameLatn: 'Sevojno', kind: 'city_municipality' },
  { code: 'cajetina', nameCyrl: 'Чајетина', nameLatn: 'Čajetina', kind: 'municipality' },
  // Моравички округ
  { code: 'gornji-milanovac', nameCyrl: 'Горњи Милановац', nameLatn: 'Gornji Milanovac', kind: 'municipality' },
  { code: 'ivanjica', nameCyrl: 'Ивањица', nameLatn: 'Ivanjica', kind: 'municipality' },
  { code: 'lucani', nameCyrl: 'Лучани', nameLatn: 'Lučani', kind: 'municipality' },
  { code: 'cacak', nameCyrl: 'Чачак', nameLatn: 'Čačak', kind: 'city' },
  // Рашки округ
  { code: 'vrnjacka-banja', nameCyrl: 'Врњачка Бања', nameLatn: 'Vrnjačka Banja', kind: 'municipality' },
  { code: 'kraljevo', nameCyrl: 'Краљево', nameLatn: 'Kraljevo', kind: 'city' },
  { code: 'novi-pazar', nameCyrl: 'Нови Пазар', nameLatn: 'Novi Pazar', kind: 'city' },
  { code: 'raska', nameCyrl: 'Рашка', nameLatn: 'Raška', kind: 'municipality' },
  { code: 'tutin', nameCyrl: 'Тутин', nameLatn: 'Tutin', kind: 'municipality' },
  // Расински округ
  { code: 'aleksandrovac', nameCyrl: 'Александровац', nameLatn: 'Aleksandrovac', kind: 'municipality' },
  { code: 'brus', nameCyrl: 'Брус', nameLatn: 'Brus', kind: 'municipality' },
  { code: 'varvarin', nameCyrl: 'Варварин', nameLatn: 'Varvarin', kind: 'municipality' },
  { code: 'krusevac', nameCyrl: 'Крушевац', nameLatn: 'Kruševac', kind: 'city' },
  { code: 'trstenik', nameCyrl: 'Трстеник', nameLatn: 'Trstenik', kind: 'municipality' },
  { code: 'cicevac', nameCyrl: 'Ћићевац', nameLatn: 'Ćićevac', kind: 'municipality' },
  // Нишавски округ
  { code: 'aleksinac', nameCyrl: 'Алексинац', nameLatn: 'Aleksinac', kind: 'municipality' },
  { code: 'gadzin-han', nameCyrl: 'Гаџин Хан', nameLatn: 'Gadžin Han', kind: 'municipality' },
  { code: 'doljevac', nameCyrl: 'Дољевац', nameLatn: 'Doljevac', kind: 'municipality' },
  { code: 'merosina', nameCyrl: 'Мерошина', nameLatn: 'Merošina', kind: 'municipality' },
  { code: 'nis', nameCyrl: 'Ниш', nameLatn: 'Niš', kind: 'city' },
  { code: 'nis-medijana', nameCyrl: 'Медијана', nameLatn: 'Medijana', kind: 'city_municipality' },
  { code: 'nis-niska-banja', nameCyrl: 'Нишка Бања', nameLatn: 'Niška Banja', kind: 'city_municipality' },
  { code: 'nis-palilula', nameCyrl: 'Палилула', nameLatn: 'Palilula', kind: 'city_municipality' },
  { code: 'nis-pantelej', nameCyrl: 'Пантелеј', nameLatn: 'Pantelej', kind: 'city_municipality' },
  { code: 'nis-crveni-krst', nameCyrl: 'Црвени крст', nameLatn: 'Crveni krst', kind: 'city_municipality' },
  { code: 'razanj', nameCyrl: 'Ражањ', nameLatn: 'Ražanj', kind: 'municipality' },
  { code: 'svrljig', nameCyrl: 'Сврљиг', nameLatn: 'Svrljig', kind: 'municipality' },
  // Топлички округ
  { code: 'blace', nameCyrl: 'Блаце', nameLatn: 'Blace', kind: 'municipality' },
  { code: 'zitoradja', nameCyrl: 'Житорађа', nameLatn: 'Žitorađa', kind: 'municipality' },
  { code: 'kursumlija', nameCyrl: 'Куршумлија', nameLatn: 'Kuršumlija', kind: 'municipality' },
  { code: 'prokuplje', nameCyrl: 'Прокупље', nameLatn: 'Prokuplje', kind: 'city' },
  // Пиротски округ
  { code: 'babusnica', nameCyrl: 'Бабушница', nameLatn: 'Babušnica', kind: 'municipality' },
  { code: 'bela-palanka', nameCyrl: 'Бела Паланка', nameLatn: 'Bela Palanka', kind: 'municipality' },
  { code: 'dimitrovgrad', nameCyrl: 'Димитровград', nameLatn: 'Dimitrovgrad', kind: 'municipality' },
  { code: 'pirot', nameCyrl: 'Пирот', nameLatn: 'Pirot', kind: 'city' },
  // Јабланички округ
  { code: 'bojnik', nameCyrl: 'Бојник', nameLatn: 'Bojnik', kind: 'municipality' },
  { code: 'vlasotince', nameCyrl: 'Власотинце', nameLatn: 'Vlasotince', kind: 'municipality' },
  { code: 'lebane', nameCyrl: 'Лебане', nameLatn: 'Lebane', kind: 'municipality' },
  { code: 'leskovac', nameCyrl: 'Лесковац', nameLatn: 'Leskovac', kind: 'city' },
  { code: 'medvedja', nameCyrl: 'Медвеђа', nameLatn: 'Medveđa', kind: 'municipality' },
  { code: 'crna-trava', nameCyrl: 'Црна Трава', nameLatn: 'Crna Trava', kind: 'municipality' },
  // Пчињски округ
  { code: 'bosilegrad', nameCyrl: 'Босилеград', nameLatn: 'Bosilegrad', kind: 'municipality' },
  { code: 'bujanovac', nameCyrl: 'Бујановац', nameLatn: 'Bujanovac', kind: 'municipality' },
  { code: 'vladicin-han', nameCyrl: 'Владичин Хан', nameLatn: 'Vladičin Han', kind: 'municipality' },
  { code: 'vranje', nameCyrl: 'Врање', nameLatn: 'Vranje', kind: 'city' },
  { code: 'vranje-vranje', nameCyrl: 'Врање', nameLatn: 'Vranje', kind: 'city_municipality' },
  { code: 'vranje-vranjska-banja', nameCyrl: 'Врањска Бања', nameLatn: 'Vranjska Banja', kind: 'city_municipality' },
  { code: 'presevo', nameCyrl: 'Прешево', nameLatn: 'Preševo', kind: 'municipality' },
  { code: 'surdulica', nameCyrl: 'Сурдулица', nameLatn: 'Surdulica', kind: 'municipality' },
  { code: 'trgoviste', nameCyrl: 'Трговиште', nameLatn: 'Trgovište', kind: 'municipality' },
  // АП Косово и Метохија — Косовски округ
  { code: 'glogovac', nameCyrl: 'Глоговац', nameLatn: 'Glogovac', kind: 'municipality' },
  { code: 'kosovo-polje', nameCyrl: 'Косово Поље', nameLatn: 'Kosovo Polje', kind: 'municipality' },
  { code: 'kacanik', nameCyrl: 'Качаник', nameLatn: 'Kačanik', kind: 'municipality' },
  { code: 'lipljan', nameCyrl: 'Липљан', nameLatn: 'Lipljan', kind: 'municipality' },
  { code: 'obilic', nameCyrl: 'Обилић', nameLatn: 'Obilić', kind: 'municipality' },
  { code: 'podujevo', nameCyrl: 'Подујево', nameLatn: 'Podujevo', kind: 'municipality' },
  { code: 'pristina', nameCyrl: 'Приштина', nameLatn: 'Priština', kind: 'city' },
  { code: 'urosevac', nameCyrl: 'Урошевац', nameLatn: 'Uroševac', kind: 'municipality' },
  { code: 'stimlje', nameCyrl: 'Штимље', nameLatn: 'Štimlje', kind: 'municipality' },
  { code: 'strpce', nameCyrl: 'Штрпце', nameLatn: 'Štrpce', kind: 'municipality' },
  // АП Косово и Метохија — Пећки округ
  { code: 'decani', nameCyrl: 'Дечани', nameLatn: 'Dečani', kind: 'municipality' },
  { code: 'djakovica', nameCyrl: 'Ђаковица', nameLatn: 'Đakovica', kind: 'municipality' },
  { code: 'istok', nameCyrl: 'Исток', nameLatn: 'Istok', kind: 'municipality' },
  { code: 'klina', nameCyrl: 'Клина', nameLatn: 'Klina', kind: 'municipality' },
  { code: 'pec', nameCyrl: 'Пећ', nameLatn: 'Peć', kind: 'municipality' },
  // АП Косово и Метохија — Призренски округ
  { code: 'gora', nameCyrl: 'Гора', nameLatn: 'Gora', kind: 'municipality' },
  { code: 'orahovac', nameCyrl: 'Ораховац', nameLatn: 'Orahovac', kind: 'municipality' },
  { code: 'prizren', nameCyrl: 'Призрен', nameLatn: 'Prizren', kind: 'municipality' },
  { code: 'suva-reka', nameCyrl: 'Сува Река', nameLatn: 'Suva Reka', kind: 'municipality' },
  // АП Косово и Метохија — Косовскомитровачки округ
  { code: 'vucitrn', nameCyrl: 'Вучитрн', nameLatn: 'Vučitrn', kind: 'municipality' },
  { code: 'zvecan', nameCyrl: 'Звечан', nameLatn: 'Zvečan', kind: 'municipality' },
  { code: 'zubin-potok', nameCyrl: 'Зубин Поток', nameLatn: 'Zubin Potok', kind: 'municipality' },
  { code: 'kosovska-mitrovica', nameCyrl: 'Косовска Митровица', nameLatn: 'Kosovska Mitrovica', kind: 'municipality' },
  { code: 'leposavic', nameCyrl: 'Лепосавић', nameLatn: 'Leposavić', kind: 'municipality' },
  { code: 'srbica', nameCyrl: 'Србица', nameLatn: 'Srbica', kind: 'municipality' },
  // АП Косово и Метохија — Косовскопоморавски округ
  { code: 'vitina', nameCyrl: 'Витина', nameLatn: 'Vitina', kind: 'municipality' },
  { code: 'gnjilane', nameCyrl: 'Гњилане', nameLatn: 'Gnjilane', kind: 'municipality' },
  { code: 'kosovska-kamenica', nameCyrl: 'Косовска Каменица', nameLatn: 'Kosovska Kamenica', kind: 'municipality' },
  { code: 'novo-brdo', nameCyrl: 'Ново Брдо', nameLatn: 'Novo Brdo', kind: 'municipality' },
];

export const MUNICIPALITIES: readonly Municipality[] = Object.freeze(
  ENTRIES.map((m) => Object.freeze({ ...m })),
);

/** The city municipalities of each city that has any: city code → their codes. */
export const CITY_MUNICIPALITIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  beograd: [
    'beograd-barajevo',
    'beograd-vozdovac',
    'beograd-vracar',
    'beograd-grocka',
    'beograd-zvezdara',
    'beograd-zemun',
    'beograd-lazarevac',
    'beograd-mladenovac',
    'beograd-novi-beograd',
    'beograd-obrenovac',
    'beograd-palilula',
    'beograd-rakovica',
    'beograd-savski-venac',
    'beograd-sopot',
    'beograd-stari-grad',
    'beograd-surcin',
    'beograd-cukarica',
  ],
  pozarevac: [
    'pozarevac-pozarevac',
    'pozarevac-kostolac',
  ],
  uzice: [
    'uzice-uzice',
    'uzice-sevojno',
  ],
  nis: [
    'nis-medijana',
    'nis-niska-banja',
    'nis-palilula',
    'nis-pantelej',
    'nis-crveni-krst',
  ],
  vranje: [
    'vranje-vranje',
    'vranje-vranjska-banja',
  ],
});
