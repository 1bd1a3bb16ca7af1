import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { searchKey } from '../../shared/normalise.js';
import { systemContext } from '../../shared/principal.js';
import { listActors } from './actors.list.js';
import {
  knownWordGroups,
  oneEditVariants,
  spaceSlipVariants,
  WORD_CANDIDATE_CAP,
} from './actors.search-words.js';
import { createActor } from './actors.service.js';

describe('one-edit variants', () => {
  it('covers deletions, transpositions, substitutions and insertions, and never the word itself', () => {
    const variants = new Set(oneEditVariants('tfwn'));
    for (const expected of ['fwn', 'tfn', 'ftwn', 'tfnw', 'tbwn', 'tfwny', 'atfwn'])
      expect(variants).toContain(expected);
    expect(variants).not.toContain('tfwn');
    expect(variants).not.toContain('nwft');
  });
});

describe('slipped-space variants', () => {
  it('moves one letter across each gap, either way, and never returns the query itself', () => {
    const variants = spaceSlipVariants('Attawfiqp our le  développement');
    expect(variants).toContain('Attawfiq pour le développement');
    expect(spaceSlipVariants('Annour pou rle développement')).toContain('Annour pour le développement');
    expect(spaceSlipVariants('Annour pourl e développement')).toContain('Annour pour le développement');
    expect(spaceSlipVariants('تعاونيةا لأمل')).toContain('تعاونية الأمل');
    expect(variants).not.toContain('Attawfiqp our le développement');
    expect(spaceSlipVariants('Tifaouine')).toEqual([]);
  });
});

describe('name search by words', () => {
  let database: TestDatabase;
  const ctx = systemContext('test');
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  const create = (nameFr: string, provinceCode = '09.273', nameAr?: string) =>
    createActor(database.handle.db, ctx, {
      kind: 'cooperative',
      nameFr,
      provinceCode,
      ...(nameAr ? { nameAr } : {}),
    });

  it('keeps the vocabulary of every stored key, through inserts and updates', async () => {
    const db = database.handle.db;
    await create('Coopérative Tifaouine Sefrou');
    const words = async () =>
      (await db.selectFrom('actor_search_words').select('word').execute()).map((r) => r.word);
    for (const word of searchKey('Coopérative Tifaouine Sefrou').split(' '))
      expect(await words()).toContain(word);
    await sql`UPDATE actors SET search_key = 'zlmt krkr' WHERE name_fr = 'Coopérative Tifaouine Sefrou'`.execute(
      db,
    );
    expect(await words()).toEqual(expect.arrayContaining(['zlmt', 'krkr']));
    await sql`UPDATE actors SET search_key = ${searchKey('Coopérative Tifaouine Sefrou')}`.execute(db);
  });

  it('corrects a misspelt word to the known words one edit away, and drops a word nothing holds', async () => {
    const db = database.handle.db;
    const key = searchKey('Tiafouine Sefrou');
    expect(key).not.toBe(searchKey('Tifaouine Sefrou'));
    const groups = await knownWordGroups(db, `${key} qqqqqq`);
    expect(groups).toEqual([[searchKey('Tifaouine')], [searchKey('Sefrou')]]);
    expect(await knownWordGroups(db, 'qqqqqq')).toBeNull();
  });

  it('ranks the records holding every word, misspelt or not, and falls back to the nearest names', async () => {
    const db = database.handle.db;
    for (const place of ['Azrou', 'Ifrane', 'Midelt', 'Khenifra', 'Errachidia', 'Zagora']) {
      await create(`Coopérative Tifaouine ${place}`);
    }
    await create('Association Annour Imouzzer');
    const misspelt = await listActors(db, ctx, { q: 'Coopérative Tiafouine', limit: 50 });
    const names = misspelt.items.map((item) => item.name_fr);
    // All seven records holding both words, the exact two-word name would come first; none is exact.
    expect(names).toHaveLength(7);
    expect(names.every((name) => name?.startsWith('Coopérative Tifaouine'))).toBe(true);
    expect(names).not.toContain('Association Annour Imouzzer');
    // One record holds both words: it comes first, and the nearest names follow it.
    const few = await listActors(db, ctx, { q: 'Tifaouine Sefrou', limit: 50 });
    expect(few.items[0]?.name_fr).toBe('Coopérative Tifaouine Sefrou');
    expect(few.items.map((item) => item.name_fr)).toContain('Coopérative Tifaouine Azrou');
    // Found by the query and by its readings with a slipped space ("Tifaouin eSefrou"): once each.
    const ids = few.items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    // No record holds all three words: the nearest names answer.
    const none = await listActors(db, ctx, { q: 'Tifaouine Sefrou Ifrane', limit: 50 });
    expect(none.items.map((item) => item.name_fr)).toEqual(
      expect.arrayContaining(['Coopérative Tifaouine Sefrou', 'Coopérative Tifaouine Ifrane']),
    );
  });

  it('leaves an ambiguous query (more records than it ranks) to the nearest-names search', async () => {
    const db = database.handle.db;
    const rows = Array.from({ length: WORD_CANDIDATE_CAP + 1 }, (_, i) => ({
      kind: 'cooperative' as const,
      name_fr: `Coopérative Al Amal ${i}`,
      search_key: searchKey(`Coopérative Al Amal ${i}`),
      province_code: '09.273',
      region_code: '09',
    }));
    for (let at = 0; at < rows.length; at += 500) {
      await db
        .insertInto('actors')
        .values(rows.slice(at, at + 500) as never)
        .execute();
    }
    await create('Coopérative Al Amal');
    const page = await listActors(db, ctx, { q: 'Coopérative Al Amal', limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.items[0]?.name_fr).toBe('Coopérative Al Amal');
  });

  it('reads a query with a space typed a letter early or late as it was meant', async () => {
    const db = database.handle.db;
    const name = 'Association Annour pour le développement Ifrane';
    const target = await create(name, '03.271');
    // Records holding the broken words ("pourl", "e"), so that no word of the mistyped query is
    // unknown: two words the record lacks, which neither a correction nor "all but one" can mend.
    await create('Coopérative Pourl', '03.271');
    await create('Coopérative E', '03.271');
    const typedRight = await listActors(db, ctx, { q: name, limit: 5 });
    const slipped = await listActors(db, ctx, {
      q: 'Association Annour pourl e développement Ifrane',
      limit: 5,
    });
    expect(slipped.items[0]?.id).toBe(target.actor.id);
    // Found as the query meant it, not as the nearest of the names it does not match.
    expect(slipped.items[0]?.score).toBe(typedRight.items[0]?.score);
  });

  it('puts the records holding every word before those lacking one, whatever their scores', async () => {
    const db = database.handle.db;
    const target = await create('Coopérative Assafa Tamraght', '09.001', 'تعاونية الصفاء تامراغت');
    for (const place of ['Agadir', 'Inezgane', 'Aourir', 'Taghazout', 'Drarga', 'Amskroud'])
      await create(`Coopérative Assafa des dattes ${place}`, '09.001');
    await create('Coopérative Assafa des dattes', '09.001');
    const page = await listActors(db, ctx, { q: 'Coopérative Assafa Tamrakht', limit: 5 });
    expect(page.items[0]?.id).toBe(target.actor.id);
  });
});
