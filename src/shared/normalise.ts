/**
 * Text normalisation for the registry's search and duplicate detection.
 *
 * - `foldText` makes text comparable within one script (case, accents, Arabic diacritics and
 *   letter variants, digits, punctuation).
 * - `searchKey` turns a name in Latin, Arabic or Tifinagh script into a short ASCII phonetic
 *   skeleton, so that spelling and script variants of one name share most of their trigrams.
 *   PostgreSQL's pg_trgm runs on its output (column `search_key`), and the query goes through
 *   the same function.
 * - `identifierKey` canonicalises identifiers (NIA, CIN, ICE, RC) for exact lookups.
 *
 * The rules and their measured effect are documented in docs/search-normalisation.md. Changing
 * anything here changes stored keys: recompute `search_key` for every row after a change.
 */
import {
  ABBREVIATIONS,
  ARABIC_DROPPED,
  CONCEPTS,
  LATIN_DROPPED,
  LATIN_NOT_ARTICLE,
} from './transliteration-words.js';

// ---------------------------------------------------------------------------------------------
// foldText
// ---------------------------------------------------------------------------------------------

/** Letters that neither NFKC nor NFD decomposition reduce to a base letter. */
const FOLD_LETTERS: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ı: 'i',
  ٱ: 'ا', // alef wasla
  ى: 'ي', // alef maqsura
  ة: 'ه', // taa marbuta
  ی: 'ي', // Farsi yeh, produced by some keyboards
  ک: 'ك', // Farsi keheh
};

const ARABIC_INDIC_ZERO = 0x0660;
const EASTERN_ARABIC_INDIC_ZERO = 0x06f0;

/**
 * Case- and accent-insensitive form of `text`, within one script.
 *
 * NFD decomposition followed by removal of every combining mark does most of the work in one
 * step: it strips Latin accents, and in Arabic it also strips harakat, shadda, sukun, tanwin and
 * superscript alef, and splits أ إ آ ؤ ئ into their seat letter plus a hamza/madda mark.
 */
export function foldText(text: string): string {
  const decomposed = text.normalize('NFKC').toLowerCase().normalize('NFD');
  let out = '';
  for (const char of decomposed) out += foldChar(char);
  return out
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Each character's fold, worked out once (a name is a few dozen of the same few hundred characters). */
const foldedChars = new Map<string, string>();

function foldChar(char: string): string {
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    folded = computeFoldChar(char);
    if (foldedChars.size < 10_000) foldedChars.set(char, folded);
  }
  return folded;
}

function computeFoldChar(char: string): string {
  if (/\p{M}/u.test(char)) return '';
  if (char === '\u0640') return ''; // tatweel, a stretching stroke with no meaning
  const code = char.codePointAt(0) ?? 0;
  if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) return String(code - ARABIC_INDIC_ZERO);
  if (code >= EASTERN_ARABIC_INDIC_ZERO && code <= EASTERN_ARABIC_INDIC_ZERO + 9) {
    return String(code - EASTERN_ARABIC_INDIC_ZERO);
  }
  return FOLD_LETTERS[char] ?? char;
}

// ---------------------------------------------------------------------------------------------
// identifierKey
// ---------------------------------------------------------------------------------------------

/**
 * Canonical form of an identifier (NIA, CIN, ICE, RC, IF) for exact lookups: upper case, Arabic
 * digits as ASCII, and no spaces, dots, dashes or slashes, which people insert at will
 * ("ab 123.456" and "AB-123456" are the same CIN).
 */
export function identifierKey(text: string): string {
  let out = '';
  for (const char of text.normalize('NFKC')) out += foldDigit(char);
  return out.toUpperCase().replace(/[\s.\p{Pd}/\\]+/gu, '');
}

function foldDigit(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) return String(code - ARABIC_INDIC_ZERO);
  if (code >= EASTERN_ARABIC_INDIC_ZERO && code <= EASTERN_ARABIC_INDIC_ZERO + 9) {
    return String(code - EASTERN_ARABIC_INDIC_ZERO);
  }
  return char;
}

// ---------------------------------------------------------------------------------------------
// searchKey
// ---------------------------------------------------------------------------------------------
//
// Pipeline, per word: fold → drop function words and the article → pivot generic words to one
// Arabic word → spell the word as "sound units" → decide which of i/u are the consonants y/w →
// collapse doubled units → keep consonants only (plus one "a" for a leading vowel).
//
// Sound units are single characters: consonants b d f h j k l m n r s t z and digits, plus
// C = ch/sh/ش, X = kh/خ, G = gh/غ, W = w, Y = y (consonantal); vowels a e i o u, where i and u
// (also Latin "ou", "y" and Arabic و ي) may turn out to be the consonants y and w.

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const SEMIVOWELS: Readonly<Record<string, string>> = { i: 'Y', u: 'W' };

/** Arabic letters (folded) to sound units. ع is heard and written as a vowel ("Aïn", "Saïd"). */
const ARABIC_UNITS: Readonly<Record<string, string>> = {
  ا: 'a',
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'X',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'C',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'd',
  ع: 'a',
  غ: 'G',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  و: 'u',
  ي: 'i',
  ء: '',
  // Moroccan and Persian additions for g, v, p, ch
  گ: 'k',
  ڭ: 'k',
  ڤ: 'f',
  ڥ: 'f',
  پ: 'b',
  چ: 'C',
  ژ: 'j',
};

/** Tifinagh (IRCAM alphabet) to sound units, so names written in Tifinagh find their records. */
const TIFINAGH_UNITS: Readonly<Record<string, string>> = {
  ⴰ: 'a',
  ⴱ: 'b',
  ⴳ: 'k',
  ⴷ: 'd',
  ⴹ: 'd',
  ⴻ: 'e',
  ⴼ: 'f',
  ⴽ: 'k',
  ⵀ: 'h',
  ⵃ: 'h',
  ⵄ: 'a',
  ⵅ: 'X',
  ⵇ: 'k',
  ⵉ: 'i',
  ⵊ: 'j',
  ⵍ: 'l',
  ⵎ: 'm',
  ⵏ: 'n',
  ⵓ: 'u',
  ⵔ: 'r',
  ⵕ: 'r',
  ⵖ: 'G',
  ⵙ: 's',
  ⵚ: 's',
  ⵛ: 'C',
  ⵜ: 't',
  ⵟ: 't',
  ⵡ: 'W',
  ⵢ: 'Y',
  ⵣ: 'z',
  ⵥ: 'z',
  ⵯ: '',
};

/**
 * French spelling to sound units, applied in order (digraphs before single letters). The choices
 * follow how Moroccan names are written in French: ch = ش, kh = خ, gh = غ, dj = ج, ou = و, and g, k,
 * q, hard c all one k because Moroccan Arabic writes the g sound with ك or ق (Agadir = أكادير).
 */
const LATIN_SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/([aeiouy])h$/, '$1'], // final silent h: Fatimah, Assilah
  [/ee/g, 'i'], // English spelling of a long i: Naeema, Kareem, Saeed
  [/sch|ch|sh/g, 'C'],
  [/kh/g, 'X'],
  [/gh/g, 'G'],
  [/dj/g, 'j'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/ph/g, 'f'],
  [/ck|qu|q/g, 'k'],
  [/gu(?=[eiy])/g, 'k'], // Guelmim
  [/g(?=[eiy])/g, 'j'], // Zellige
  [/g/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/x/g, 'ks'],
  [/p/g, 'b'],
  [/v/g, 'f'],
  [/w/g, 'W'],
  [/ou|oo/g, 'u'],
  [/y/g, 'i'],
];

/**
 * Pivot from any spelling of a generic word to its Arabic form (built from CONCEPTS). The list is
 * folded here, so it may be written with hamzas and ة like ordinary text.
 */
const CONCEPT_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(CONCEPTS).flatMap(([arabic, spellings]) => {
    const pivot = foldText(arabic);
    return [pivot, ...spellings].map((spelling) => [foldText(spelling), pivot] as const);
  }),
);

const ARABIC_LETTER = /[\u0600-\u06ff]/;
const TIFINAGH_LETTER = /[\u2d30-\u2d7f]/;

/**
 * Cross-script phonetic key of a name: ASCII a-z, 0-9 and single spaces. Variants of one name
 * in either script get keys with high trigram similarity; see the module comment.
 */
export function searchKey(text: string): string {
  const folded = joinAbdCompounds(foldText(keepHamzaBeforeLam(text)));
  const words = splitScripts(folded)
    .split(' ')
    .flatMap((word) => (ABBREVIATIONS[word] ?? word).split(' '))
    .filter(Boolean);
  const keys = words.map(wordKey).filter(Boolean);
  if (keys.length > 0) return keys.join(' ');
  // A name made only of dropped words ("Al", "Les") still deserves a key.
  return words.map((word) => unitsToKey(toUnits(word))).join(' ');
}

/**
 * The article ال never carries a hamza, so a word starting with أل or إل (إلهام Ilham, ألنيف
 * Alnif) is not an article. Folding would erase that difference; a ء (a letter, so it survives
 * folding, and silent in the key) keeps it.
 */
function keepHamzaBeforeLam(text: string): string {
  return text.normalize('NFKC').replace(/(^|[^\p{L}])[أإآ]ل/gu, '$1اءل');
}

/**
 * Names built on عبد are one word in French (Abdellah, Abdelkader, Abderrahmane) and two in
 * Arabic (عبد الله); join them, and assimilate the article before a sun letter as French does
 * (عبد الرحمن → Abderrahmane).
 */
function joinAbdCompounds(text: string): string {
  return text.replace(/(^| )عبد (?=\p{L})/gu, '$1عبد').replace(/عبدال(?=[تثدذرزسشصضطظن])/g, 'عبد');
}

/** "Tifawinتعاونية" typed without a space is two words. */
function splitScripts(text: string): string {
  return text
    .replace(/([a-z0-9])(?=[\u0600-\u06ff\u2d30-\u2d7f])/g, '$1 ')
    .replace(/([\u0600-\u06ff\u2d30-\u2d7f])(?=[a-z0-9])/g, '$1 ');
}

/** Words repeat from name to name ("Coopérative", "Al", common names): their keys are kept. */
const wordKeys = new Map<string, string>();
const WORD_KEYS_KEPT = 50_000;

function wordKey(word: string): string {
  const kept = wordKeys.get(word);
  if (kept !== undefined) return kept;
  if (wordKeys.size >= WORD_KEYS_KEPT) wordKeys.clear();
  const key = computeWordKey(word);
  wordKeys.set(word, key);
  return key;
}

function computeWordKey(word: string): string {
  const stripped = ARABIC_LETTER.test(word) ? stripArabicPrefixes(word) : stripLatinArticle(word);
  if (stripped === '') return '';
  const pivot = CONCEPT_OF.get(stripped) ?? stripped;
  return unitsToKey(toUnits(pivot));
}

const ARABIC_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['وال', 4],
  ['بال', 4],
  ['فال', 4],
  ['كال', 4],
  ['لل', 3],
  ['ال', 2],
];

/**
 * Drop function words and the article attached to an Arabic word: ال, and ال or a generic
 * word behind the prepositions/conjunctions و ب ل ف ك (والتنمية, للنسيج, لزيت).
 */
function stripArabicPrefixes(word: string): string {
  // One-letter words are detached prepositions or initials (ش.م.م, the Arabic SARL).
  if (ARABIC_DROPPED.has(word) || word.length === 1) return '';
  // The shortest remainder each prefix may leave: والماس (Oulmès) is a name, not و + الماس.
  for (const [prefix, rest] of ARABIC_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= rest) return word.slice(prefix.length);
  }
  const first = word.charAt(0);
  if ('وبلفك'.includes(first) && CONCEPT_OF.has(word.slice(1))) return word.slice(1);
  return word;
}

/**
 * Drop the Arabic article written in Latin letters: as its own word ("Al Amal", "An-Nour"), or
 * attached ("Alamal", "Elbaraka", and the sun-letter forms "Annour", "Essalam", "Echchourouk").
 * The rest must keep at least 4 letters, so that Assa, Alnif or Allal are left alone.
 */
function stripLatinArticle(word: string): string {
  if (LATIN_DROPPED.has(word)) return '';
  if (CONCEPT_OF.has(word) || LATIN_NOT_ARTICLE.has(word)) return word;
  const sunLetter = /^[ae](ch|t|d|r|z|s|n|l)\1/.exec(word);
  if (sunLetter?.[1] && word.length - 1 - sunLetter[1].length >= 4)
    return word.slice(1 + sunLetter[1].length);
  if (/^(al|el)/.test(word) && word.length - 2 >= 4) return word.slice(2);
  return word;
}

/** Spell a folded word (any script) as sound units. */
function toUnits(word: string): string {
  if (ARABIC_LETTER.test(word)) return arabicUnits(word);
  if (TIFINAGH_LETTER.test(word)) return [...word].map((char) => TIFINAGH_UNITS[char] ?? '').join('');
  return latinUnits(word);
}

function latinUnits(word: string): string {
  let units = word.replace(/[^a-z0-9]/g, '');
  for (const [pattern, replacement] of LATIN_SPELLINGS) units = units.replace(pattern, replacement);
  return units;
}

/**
 * Arabic letters are consonant skeletons already; two positions need care: a word-initial و or ي
 * is always a consonant (ورزازات = Warzazat, يوسف = Youssef), and a final ه is nearly always the
 * taa marbuta of a feminine name, heard and written "a" (البركة = Baraka).
 */
function arabicUnits(word: string): string {
  const letters = [...word];
  return letters
    .map((letter, index) => {
      if (index === 0 && letter === 'و') return 'W';
      if (index === 0 && letter === 'ي') return 'Y';
      if (index === letters.length - 1 && letter === 'ه' && letters.length > 2) return 'a';
      return ARABIC_UNITS[letter] ?? (/[0-9]/.test(letter) ? letter : '');
    })
    .join('');
}

/**
 * From sound units to the key: resolve semivowels, collapse doubles, then keep the consonants.
 * Dropping vowels is what lets Latin spellings meet Arabic, which does not write short vowels:
 * Mohammed, Mohamed, Muhammad and محمد all become "mhmd".
 */
function unitsToKey(units: string): string {
  const resolved = resolveSemivowels([...units]);
  let key = '';
  let previous = '';
  for (const unit of resolved) {
    if (unit === previous && !/[0-9]/.test(unit)) continue; // 2000 is not 20
    previous = unit;
    // "A", the leading vowel run, is kept as "a" (see resolveSemivowels).
    if (!VOWELS.has(unit)) key += unit.toLowerCase();
  }
  return key;
}

/**
 * Decide for each i/u whether it is a vowel or the consonant y/w, using the same rule for every
 * script: a semivowel next to a vowel is a consonant (Tifaouine → t f w n, Rachidia → r c d y,
 * Saïd → s y d), one between consonants is a vowel (Youssef → y s f). A leading vowel run is
 * replaced by one "A" first, kept as "a" in the key, so that Imilchil / إملشيل, Aït / آيت and Ouled /
 * أولاد agree whatever vowel letter starts them; except an initial i/u before a vowel, which is a consonant (Ouarzazate).
 */
function resolveSemivowels(units: string[]): string[] {
  // A repeated vowel letter is one vowel ("Naciiri", or ا beside ع in Arabic), not a semivowel.
  const out = units.filter((unit, index) => !(VOWELS.has(unit) && unit === units[index - 1]));
  const first = out[0];
  const second = out[1];
  if (first !== undefined && first in SEMIVOWELS && second !== undefined && VOWELS.has(second)) {
    out[0] = SEMIVOWELS[first] ?? first;
  }
  let run = 0;
  while (run < out.length && VOWELS.has(out[run] ?? '')) run++;
  if (run > 0) out.splice(0, run, 'A');
  for (let index = 1; index < out.length; index++) {
    const unit = out[index] ?? '';
    if (!(unit in SEMIVOWELS)) continue;
    const before = out[index - 1] ?? '';
    const after = out[index + 1] ?? '';
    // An i before ou stays a vowel and lets the ou be the w (Taliouine = Taliwine = تالوين).
    const afterIsVowel = VOWELS.has(after) && !(unit === 'i' && after === 'u');
    if (afterIsVowel || before === 'a') out[index] = SEMIVOWELS[unit] ?? unit;
  }
  return out;
}
