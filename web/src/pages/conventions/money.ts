/** Amounts typed in dirhams ("1 250 000,50") to integer centimes, and back for a form field. */
export function centimesFromText(text: string): number | null | 'invalid' {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (cleaned === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return 'invalid';
  return Math.round(Number(cleaned) * 100);
}

export function textFromCentimes(centimes: number | null): string {
  if (centimes === null) return '';
  return centimes % 100 === 0 ? String(centimes / 100) : (centimes / 100).toFixed(2);
}
