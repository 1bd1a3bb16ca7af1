import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from './actors.import-columns.js';
import type { ActorField } from './actors.schemas.js';

/** What each template column means, in French and Arabic, with the values it takes and an example. */
export interface ColumnGuide {
  field: ActorField;
  fr: string;
  ar: string;
  values: string;
  example: string;
}

const count = (field: ActorField, fr: string, ar: string): ColumnGuide => ({
  field,
  fr,
  ar,
  values: 'nombre entier ≥ 0 (vide = inconnu)',
  example: '12',
});

export const COLUMN_GUIDE: ColumnGuide[] = [
  {
    field: 'kind',
    fr: "Type d'acteur (obligatoire)",
    ar: 'نوع الفاعل (إلزامي)',
    values:
      'artisan, maître artisan, coopérative, association, mutuelle, entreprise ESS (ou les codes artisan, master_artisan, cooperative, association, mutual, ess_enterprise)',
    example: 'coopérative',
  },
  {
    field: 'nameFr',
    fr: 'Nom en caractères latins',
    ar: 'الاسم بالحروف اللاتينية',
    values: 'texte, 300 caractères au plus; nameFr ou nameAr obligatoire',
    example: 'Coopérative Tifaouine',
  },
  {
    field: 'nameAr',
    fr: 'Nom en caractères arabes',
    ar: 'الاسم بالحروف العربية',
    values: 'texte, 300 caractères au plus',
    example: 'تعاونية تيفاوين',
  },
  {
    field: 'nia',
    fr: "Numéro d'immatriculation au registre national de l'artisanat (NIA)",
    ar: 'رقم القيد في السجل الوطني للصناعة التقليدية',
    values: 'lettres et chiffres (espaces, points, tirets ignorés)',
    example: 'NIA-2021-00457',
  },
  {
    field: 'cin',
    fr: "Carte d'identité nationale (artisans seulement)",
    ar: 'رقم البطاقة الوطنية (للصناع فقط)',
    values: '1 ou 2 lettres puis chiffres',
    example: 'BK123456',
  },
  {
    field: 'ice',
    fr: "Identifiant commun de l'entreprise",
    ar: 'المعرف الموحد للمقاولة',
    values: '15 chiffres (écrire en texte pour garder les zéros)',
    example: '001525749000086',
  },
  {
    field: 'rcNumber',
    fr: 'Numéro au registre du commerce',
    ar: 'رقم السجل التجاري',
    values: 'lettres et chiffres; exige rcCourt',
    example: '45873',
  },
  {
    field: 'rcCourt',
    fr: 'Tribunal qui tient le RC',
    ar: 'المحكمة الماسكة للسجل التجاري',
    values: 'texte, 100 caractères au plus',
    example: 'Agadir',
  },
  {
    field: 'ifNumber',
    fr: 'Identifiant fiscal',
    ar: 'التعريف الضريبي',
    values: 'lettres et chiffres',
    example: '40123456',
  },
  {
    field: 'coopRegisterNumber',
    fr: "Numéro d'immatriculation de la coopérative (coopératives seulement)",
    ar: 'رقم تسجيل التعاونية',
    values: 'lettres et chiffres',
    example: 'AG-2019-114',
  },
  {
    field: 'associationReceipt',
    fr: 'Numéro du récépissé de dépôt (associations seulement)',
    ar: 'رقم وصل الإيداع (للجمعيات فقط)',
    values: 'lettres et chiffres',
    example: 'R-2020-33',
  },
  {
    field: 'provinceCode',
    fr: 'Province ou préfecture (obligatoire)',
    ar: 'الإقليم أو العمالة (إلزامي)',
    values: 'code HCP (09.541) ou nom (Taroudannt, تارودانت); écrire le code en texte',
    example: '09.541',
  },
  {
    field: 'commune',
    fr: 'Commune',
    ar: 'الجماعة',
    values: 'texte, 200 caractères au plus',
    example: 'Taliouine',
  },
  {
    field: 'address',
    fr: 'Adresse',
    ar: 'العنوان',
    values: 'texte, 500 caractères au plus',
    example: 'Douar Assaki, BP 12',
  },
  {
    field: 'latitude',
    fr: 'Latitude (avec longitude)',
    ar: 'خط العرض',
    values: 'nombre décimal, -90 à 90 (virgule ou point)',
    example: '30.53',
  },
  {
    field: 'longitude',
    fr: 'Longitude (avec latitude)',
    ar: 'خط الطول',
    values: 'nombre décimal, -180 à 180',
    example: '-7.92',
  },
  {
    field: 'branchCode',
    fr: "Branche de l'artisanat",
    ar: 'فرع الصناعة التقليدية',
    values: 'code de la nomenclature (GET /api/nomenclature)',
    example: 'TEX',
  },
  {
    field: 'activityCode',
    fr: 'Activité (doit appartenir à la branche)',
    ar: 'النشاط',
    values: 'code de la nomenclature',
    example: 'TEX.TAPIS',
  },
  {
    field: 'foundedOn',
    fr: 'Date de création',
    ar: 'تاريخ التأسيس',
    values: 'jj/mm/aaaa ou aaaa-mm-jj, ou une date Excel; pas dans le futur',
    example: '14/03/2019',
  },
  {
    field: 'legalStatus',
    fr: 'Statut juridique',
    ar: 'الوضع القانوني',
    values: 'texte, 200 caractères au plus',
    example: 'Coopérative (loi 112-12)',
  },
  count('membersWomen', 'Membres : femmes', 'الأعضاء: النساء'),
  count('membersMen', 'Membres : hommes', 'الأعضاء: الرجال'),
  count('membersYouth', 'Membres de moins de 35 ans (≤ femmes + hommes)', 'الأعضاء دون 35 سنة'),
  count('membersDisabled', 'Membres en situation de handicap', 'الأعضاء في وضعية إعاقة'),
  count('membersElderly', 'Membres de 60 ans et plus', 'الأعضاء المسنون (60 سنة فما فوق)'),
  count('employeesWomen', 'Employés : femmes', 'الأجراء: النساء'),
  count('employeesMen', 'Employés : hommes', 'الأجراء: الرجال'),
  count('employeesYouth', 'Employés de moins de 35 ans', 'الأجراء دون 35 سنة'),
  count('employeesDisabled', 'Employés en situation de handicap', 'الأجراء في وضعية إعاقة'),
  count('employeesElderly', 'Employés de 60 ans et plus', 'الأجراء المسنون'),
  {
    field: 'womenLed',
    fr: 'Dirigé par une femme',
    ar: 'تسيره امرأة',
    values: 'oui/non, yes/no, 1/0, true/false (vide = non)',
    example: 'oui',
  },
  {
    field: 'coastal',
    fr: 'En zone côtière',
    ar: 'في منطقة ساحلية',
    values: 'oui/non, yes/no, 1/0, true/false (vide = non)',
    example: 'non',
  },
  {
    field: 'sex',
    fr: 'Sexe (artisans et maîtres artisans seulement)',
    ar: 'الجنس (الصناع التقليديون والمعلمون فقط)',
    values: 'F ou M; femme/homme, female/male, أنثى/ذكر (vide = inconnu; refusé pour une organisation)',
    example: 'F',
  },
  {
    field: 'birthDate',
    fr: 'Date de naissance (artisans et maîtres artisans seulement)',
    ar: 'تاريخ الازدياد (الصناع التقليديون والمعلمون فقط)',
    values: 'jj/mm/aaaa ou aaaa-mm-jj, ou une date Excel; depuis 1900, 15 ans révolus le jour de l’import',
    example: '02/09/1984',
  },
  {
    field: 'hasDisability',
    fr: 'En situation de handicap (artisans et maîtres artisans seulement)',
    ar: 'في وضعية إعاقة (الصناع التقليديون والمعلمون فقط)',
    values: 'oui/non, yes/no, 1/0, true/false (vide = inconnu)',
    example: 'non',
  },
  {
    field: 'phone',
    fr: 'Téléphone',
    ar: 'الهاتف',
    values: 'chiffres, espaces, + ( ) . -, 6 à 20 caractères',
    example: '+212 528 000 000',
  },
  {
    field: 'email',
    fr: 'Adresse e-mail',
    ar: 'البريد الإلكتروني',
    values: 'adresse e-mail',
    example: 'contact@tifaouine.ma',
  },
];

/** The template's headers: the API field names, in the documented order. */
export const TEMPLATE_HEADERS = IMPORT_COLUMNS.map((column) => column.field);

/** Fields whose values look like numbers but must stay text (leading zeros, codes with dots). */
const TEXT_FIELDS = new Set<ActorField>([
  'nia',
  'cin',
  'ice',
  'rcNumber',
  'ifNumber',
  'coopRegisterNumber',
  'associationReceipt',
  'provinceCode',
  'phone',
]);

export function templateCsv(): Buffer {
  return Buffer.from(`\ufeff${TEMPLATE_HEADERS.join(',')}\r\n`, 'utf8');
}

/**
 * The XLSX template: the first sheet has the headers and text format on identifier and code columns
 * (so Excel keeps "09.273" and leading zeros); a second sheet explains each column in French and
 * Arabic. Only the first sheet is imported.
 */
export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('actors', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_HEADERS.map((field) => ({
    header: field,
    key: field,
    width: Math.max(14, field.length + 4),
    ...(TEXT_FIELDS.has(field) ? { style: { numFmt: '@' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  const guide = workbook.addWorksheet('guide');
  guide.columns = [
    { header: 'colonne / column', key: 'field', width: 22 },
    { header: 'signification', key: 'fr', width: 50 },
    { header: 'المعنى', key: 'ar', width: 40 },
    { header: 'valeurs admises', key: 'values', width: 60 },
    { header: 'exemple', key: 'example', width: 24 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const entry of COLUMN_GUIDE) guide.addRow(entry);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
