/**
 * Word lists for `searchKey` (see normalise.ts and docs/search-normalisation.md).
 *
 * CONCEPTS is folded when loaded, so write it as ordinary text. The dropped-word sets and
 * ABBREVIATIONS are looked up as they are: write them folded (lower case, no accents, no hamza
 * seats, ة as ه, ى as ي).
 */

/**
 * Generic words that differ between French, English and Arabic. Each group is pivoted to one
 * Arabic word (the key), which is then transliterated like any other Arabic word. Pivoting to
 * Arabic rather than to an arbitrary token means a person who types the Arabic word in Latin
 * letters ("jamiya", "taawniya") lands on the same key too.
 *
 * Only generic vocabulary belongs here (legal forms, activities, "women", "youth"): distinctive
 * proper names (Al Amal, Tifawin) are matched by transliteration, never by translation.
 */
export const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  تعاونيه: [
    'coop',
    'coope',
    'coopera',
    'cooperative',
    'cooperatives',
    'cooperatif',
    'cooperativa',
    'cop',
    'cooperat',
    'تعاونيات',
  ],
  جمعيه: ['assoc', 'asso', 'ass', 'asc', 'association', 'associations', 'associatif', 'جمعيات'],
  شركه: ['ste', 'societe', 'soc', 'company'],
  اتحاد: ['union', 'uni'],
  مجموعه: ['groupement', 'grpt', 'gie', 'group', 'groupe'],
  نساء: [
    'femmes',
    'femme',
    'feminine',
    'feminines',
    'feminin',
    'fem',
    'women',
    'نسويه',
    'نسائيه',
    'نسوي',
    'نسائي',
    'امراه',
    'مراه',
  ],
  شباب: ['jeunes', 'jeune', 'jeunesse', 'youth', 'شبان'],
  تنميه: ['developpement', 'dev', 'dvpt', 'devt', 'development'],
  صناعه: ['artisanat', 'artisanal', 'artisanale', 'artisanaux', 'crafts', 'handicraft', 'صناعات'],
  تقليديه: ['traditionnel', 'traditionnelle', 'traditionnels', 'traditionnelles', 'trad', 'تقليدي'],
  حرفي: ['artisan', 'artisans', 'artisane', 'artisanes', 'حرفيات', 'حرفيين', 'حرفيون', 'حرفيه'],
  نسيج: ['tissage', 'textile', 'tissu'],
  زرابي: ['tapis', 'tapisserie', 'زربيه'],
  فخار: ['poterie', 'ceramique', 'خزف'],
  عسل: ['miel'],
  زعفران: ['safran'],
  طرز: ['broderie'],
  خياطه: ['couture'],
  تمور: ['dattes', 'datte', 'تمر'],
  زيت: ['huile', 'huiles'],
  زيتون: ['olive', 'olives', 'olivier'],
  جلد: ['cuir', 'maroquinerie'],
  خشب: ['bois'],
  نباتات: ['plantes', 'plante'],
  عطريه: ['aromatiques', 'aromatique'],
  طبيه: ['medicinales', 'medicinale'],
  صيد: ['peche', 'pecheurs'],
  بحري: ['maritime', 'bahri', 'بحريه'],
  حليب: ['lait', 'laitiere'],
  فلاحيه: ['agricole', 'agricoles', 'فلاحي'],
  كسكس: ['couscous'],
  حلي: ['bijoux', 'bijouterie'],
  خدمات: ['services', 'service'],
  منتجات: ['produits', 'produit'],
  اجتماعيه: ['sociale', 'social', 'solidaire'],
  ثقافيه: ['culturelle', 'culturel', 'culture'],
  بيئه: ['environnement', 'ecologie'],
  اركان: ['argane', 'arganier', 'argan'],
};

/**
 * Abbreviations that stand for several words or for a name, expanded before anything else
 * ("Coop. PAM" is a cooperative of aromatic and medicinal plants; "My Idriss" is Moulay Idriss).
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  pam: 'plantes aromatiques medicinales',
  ppam: 'plantes aromatiques medicinales',
  my: 'moulay',
};

/**
 * Latin words dropped from keys: French/English function words, and the Arabic article as it is
 * written in Latin letters when it stands alone ("Al Amal", "An-Nour" after folding → "an nour",
 * "Ech-Chourouk"). Dropping the article everywhere is what makes "Annour", "An Nour" and "النور"
 * agree.
 */
export const LATIN_DROPPED: ReadonlySet<string> = new Set([
  // French and English function words
  'de',
  'des',
  'du',
  'd',
  'la',
  'le',
  'les',
  'l',
  'et',
  'pour',
  'au',
  'aux',
  'a',
  'en',
  'sur',
  'par',
  'dans',
  'of',
  'the',
  'and',
  'for',
  // legal-form suffixes: they say what the actor is, not which one (the kind is stored apart)
  'sarl',
  'sarlau',
  'sa',
  'snc',
  // the Arabic article and its sun-letter assimilations
  'al',
  'el',
  'ad',
  'ar',
  'as',
  'at',
  'an',
  'az',
  'ach',
  'ech',
  'ed',
  'er',
  'es',
  'et',
  'ez',
  'ash',
  'esh',
]);

/** Arabic function words dropped from keys ("و" and, "في" in, "من" from, ...). */
/**
 * Latin names that start with "Al" + vowel but hold no article: French writes the family names
 * العلوي and العلمي without theirs (Alaoui = ʿAlawi, Alami = ʿAlami), so stripping "Al" as in
 * "Alamal" would leave "aoui" and part them from the Arabic spelling.
 */
export const LATIN_NOT_ARTICLE: ReadonlySet<string> = new Set([
  'alaoui',
  'alaouia',
  'alaoue',
  'alaui',
  'alawi',
  'alami',
  'alamia',
]);

export const ARABIC_DROPPED: ReadonlySet<string> = new Set(['و', 'في', 'من', 'ب', 'ل', 'ذات']);
// Not على/الى: folded they read علي, الي, and علي is the name Ali.
