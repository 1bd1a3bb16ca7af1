import type { ActorField } from './actors.schemas.js';

/**
 * The columns of an actor import file: the API field names (the template's headers) plus the French
 * and Arabic headers seen in the spreadsheets that exist today. Headers are compared folded (lower
 * case, no accents, punctuation as spaces), so "Nom (arabe)", "NOM ARABE" and "nom_arabe" are one.
 */
export type ValueKind =
  | 'kind'
  | 'text'
  | 'identifier'
  | 'province'
  | 'code'
  | 'number'
  | 'count'
  | 'date'
  | 'boolean'
  /** yes or no, where an empty cell means "not known" (not "no"). */
  | 'flag'
  | 'sex';

export interface ImportColumn {
  field: ActorField;
  value: ValueKind;
  /** Other headers accepted for this column, as people write them (French, Arabic, snake_case). */
  aliases: string[];
}

const count = (field: ActorField, aliases: string[]): ImportColumn => ({ field, value: 'count', aliases });

export const IMPORT_COLUMNS: ImportColumn[] = [
  { field: 'kind', value: 'kind', aliases: ['type', "type d'acteur", 'nature', 'catégorie', 'النوع'] },
  {
    field: 'nameFr',
    value: 'text',
    aliases: ['nom', 'nom (fr)', 'nom français', 'nom latin', 'dénomination', 'raison sociale', 'name'],
  },
  {
    field: 'nameAr',
    value: 'text',
    aliases: ['nom (arabe)', 'nom arabe', 'nom (ar)', 'الاسم', 'الاسم بالعربية'],
  },
  { field: 'nia', value: 'identifier', aliases: ['n° nia', 'numéro nia'] },
  { field: 'cin', value: 'identifier', aliases: ['n° cin', 'numéro cin', 'cnie'] },
  { field: 'ice', value: 'identifier', aliases: ['n° ice', 'numéro ice'] },
  { field: 'rcNumber', value: 'identifier', aliases: ['rc', 'n° rc', 'numéro rc', 'registre de commerce'] },
  { field: 'rcCourt', value: 'text', aliases: ['tribunal', 'tribunal rc', 'tribunal du rc'] },
  { field: 'ifNumber', value: 'identifier', aliases: ['if', 'n° if', 'identifiant fiscal'] },
  {
    field: 'coopRegisterNumber',
    value: 'identifier',
    aliases: [
      "n° d'immatriculation",
      "numéro d'immatriculation",
      'immatriculation',
      'registre des coopératives',
    ],
  },
  {
    field: 'associationReceipt',
    value: 'identifier',
    aliases: ['récépissé', 'n° récépissé', 'numéro de récépissé', 'récépissé de dépôt'],
  },
  {
    field: 'provinceCode',
    value: 'province',
    aliases: [
      'province',
      'code province',
      'préfecture',
      'province ou préfecture',
      'province/préfecture',
      'الإقليم',
    ],
  },
  { field: 'commune', value: 'text', aliases: ['الجماعة'] },
  { field: 'address', value: 'text', aliases: ['adresse', 'العنوان'] },
  { field: 'latitude', value: 'number', aliases: ['lat'] },
  { field: 'longitude', value: 'number', aliases: ['lon', 'lng'] },
  { field: 'branchCode', value: 'code', aliases: ['branche', 'code branche'] },
  { field: 'activityCode', value: 'code', aliases: ['activité', 'code activité'] },
  {
    field: 'foundedOn',
    value: 'date',
    aliases: ['date de création', 'date de constitution', 'créée le', 'date création'],
  },
  { field: 'legalStatus', value: 'text', aliases: ['statut juridique', 'forme juridique'] },
  count('membersWomen', ['membres femmes', 'adhérentes femmes']),
  count('membersMen', ['membres hommes', 'adhérents hommes']),
  count('membersYouth', ['membres jeunes', 'membres de moins de 35 ans']),
  count('membersDisabled', ['membres en situation de handicap', 'membres handicapés']),
  count('membersElderly', ['membres âgés', 'membres de 60 ans et plus']),
  count('employeesWomen', ['employés femmes', 'salariés femmes']),
  count('employeesMen', ['employés hommes', 'salariés hommes']),
  count('employeesYouth', ['employés jeunes', 'salariés jeunes']),
  count('employeesDisabled', ['employés en situation de handicap', 'employés handicapés']),
  count('employeesElderly', ['employés âgés', 'salariés âgés']),
  {
    field: 'womenLed',
    value: 'boolean',
    aliases: ['dirigée par une femme', 'présidée par une femme', 'femme dirigeante'],
  },
  { field: 'coastal', value: 'boolean', aliases: ['zone côtière', 'côtier', 'littoral'] },
  { field: 'sex', value: 'sex', aliases: ['sexe', 'genre', 'الجنس'] },
  {
    field: 'birthDate',
    value: 'date',
    aliases: [
      'date de naissance',
      'né le',
      'née le',
      'né(e) le',
      'naissance',
      'تاريخ الازدياد',
      'تاريخ الميلاد',
    ],
  },
  {
    field: 'hasDisability',
    value: 'flag',
    aliases: [
      'situation de handicap',
      'en situation de handicap',
      'handicap',
      'personne handicapée',
      'إعاقة',
      'في وضعية إعاقة',
    ],
  },
  { field: 'phone', value: 'text', aliases: ['téléphone', 'tél', 'tel', 'الهاتف'] },
  { field: 'email', value: 'text', aliases: ['e-mail', 'courriel', 'mail', 'البريد الإلكتروني'] },
];

/**
 * Columns an export writes that an import reads past on purpose, so an exported file (or a rejects
 * file with its `reason` column) can be imported again as it is.
 */
export const IGNORED_HEADERS = [
  'reason',
  'motif',
  'id',
  'regionCode',
  'status',
  'statusReason',
  'statusChangedOn',
  'reviewFlags',
  'createdAt',
  'updatedAt',
  'version',
];

/** Lower case, accents and Arabic diacritics removed, every run of other characters one space. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const BY_HEADER = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS) {
  for (const header of [column.field, ...column.aliases]) BY_HEADER.set(foldHeader(header), column);
}
const IGNORED = new Set(IGNORED_HEADERS.map(foldHeader));

/** The column a header names, `ignored` for export-only columns, or null for an unknown header. */
export function columnForHeader(header: string): ImportColumn | 'ignored' | null {
  const folded = foldHeader(header);
  if (IGNORED.has(folded)) return 'ignored';
  return BY_HEADER.get(folded) ?? null;
}

export function columnForField(field: string): ImportColumn | null {
  return IMPORT_COLUMNS.find((column) => column.field === field) ?? null;
}
