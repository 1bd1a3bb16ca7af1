/**
 * Lays a decision letter out as a PDF (A4) in French or Arabic with pdfkit, in DejaVu Sans (shipped
 * by the `dejavu-fonts-ttf` package, embedded as a subset): it covers Latin and Arabic, and fontkit
 * (pdfkit's font engine) shapes Arabic into its joined forms and lays an Arabic run right to left.
 *
 * Arabic lines are right-aligned and built here: each line is cut into runs, Latin letters and
 * digits (a reference, an amount, a date) in one run left to right, the rest (Arabic, spaces,
 * punctuation) in runs fontkit lays right to left; the runs are placed from the right margin in
 * reading order, which is what the Unicode bidi algorithm gives for a right-to-left paragraph of
 * Arabic with Latin or numbers inside. Words wrap by measured width.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { LetterData, LetterLanguage } from './letters.service.js';

let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = {
      regular: readFileSync(join(dir, 'DejaVuSans.ttf')),
      bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')),
    };
  }
  return fonts;
}

interface Texts {
  title: string;
  reference: string;
  date: string;
  to: string;
  nia: string;
  province: string;
  programme: string;
  call: string;
  decision: string;
  decisions: Record<LetterData['decision'], (data: LetterData) => string>;
  reasons: string;
  score: (score: number, rank: number | null) => string;
  rejected: string;
  benefit: string;
  amount: string;
  seats: string;
  quantity: string;
  units: Record<string, string>;
  appeal: string;
  footer: string;
}

const MAD_FR = (centimes: number) =>
  `${Math.trunc(centimes / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(centimes % 100).padStart(2, '0')} MAD`;
const MAD_AR = (centimes: number) =>
  `${Math.trunc(centimes / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(centimes % 100).padStart(2, '0')}`;
const quantityText = (quantity: number) => String(Math.round(quantity * 1000) / 1000);

const TEXTS: Record<LetterLanguage, Texts> = {
  fr: {
    title: 'Lettre de décision',
    reference: 'Référence',
    date: 'Date',
    to: 'Destinataire',
    nia: 'NIA',
    province: 'Province',
    programme: 'Programme',
    call: 'Appel à candidatures',
    decision: 'Décision',
    decisions: {
      selected: () => 'Nous avons le plaisir de vous informer que votre candidature a été retenue.',
      waitlisted: (d) =>
        `Votre candidature a été placée sur la liste d'attente${d.waitlistPosition ? `, en position ${d.waitlistPosition}` : ''}. Vous serez informé(e) si une place se libère.`,
      rejected: () => "Nous regrettons de vous informer que votre candidature n'a pas été retenue.",
      ineligible: () => 'Votre candidature a été déclarée non éligible.',
    },
    reasons: 'Motifs',
    score: (score, rank) => `Note obtenue : ${score}/100${rank ? `, rang ${rank}` : ''}.`,
    rejected:
      'Les candidatures ont été retenues dans l’ordre du classement, dans la limite du budget, des places et des quotas de l’appel, en respectant les parts réservées.',
    benefit: 'Avantage accordé',
    amount: 'Montant',
    seats: 'Places',
    quantity: 'Quantité',
    units: { m3: 'm³', kg: 'kg', t: 't', l: 'l', unit: 'unités', bundle: 'bottes' },
    appeal:
      'Vous pouvez introduire un recours motivé contre cette décision depuis votre espace sur la plateforme Nasij.',
    footer: 'Document établi par la plateforme Nasij.',
  },
  ar: {
    title: 'رسالة القرار',
    reference: 'المرجع',
    date: 'التاريخ',
    to: 'إلى',
    nia: 'رقم NIA',
    province: 'الإقليم',
    programme: 'البرنامج',
    call: 'الدعوة لتقديم الترشيحات',
    decision: 'القرار',
    decisions: {
      selected: () => 'يسعدنا إخباركم بأنه تم قبول ترشيحكم.',
      waitlisted: (d) =>
        `تم إدراج ترشيحكم في لائحة الانتظار${d.waitlistPosition ? ` في المرتبة ${d.waitlistPosition}` : ''}. سيتم إخباركم إذا أصبح مقعد شاغرا.`,
      rejected: () => 'نأسف لإخباركم بأنه لم يتم قبول ترشيحكم.',
      ineligible: () => 'تم التصريح بعدم أهلية ترشيحكم.',
    },
    reasons: 'الأسباب',
    score: (score, rank) => `النقطة المحصل عليها: ${score}/100${rank ? `، الترتيب: ${rank}` : ''}.`,
    rejected:
      'تم قبول الترشيحات حسب الترتيب في حدود الميزانية والمقاعد والحصص المتاحة لهذه الدعوة، مع احترام الحصص المخصصة.',
    benefit: 'الاستفادة الممنوحة',
    amount: 'المبلغ',
    seats: 'المقاعد',
    quantity: 'الكمية',
    units: { m3: 'م³', kg: 'كلغ', t: 'طن', l: 'لتر', unit: 'وحدة', bundle: 'حزمة' },
    appeal: 'يمكنكم تقديم طعن معلل في هذا القرار انطلاقا من فضائكم على منصة Nasij.',
    footer: 'وثيقة صادرة عن منصة Nasij.',
  },
};

/** Runs of a right-to-left line: Latin letters and digits (with what joins them) vs the rest. */
const LTR_RUN = /[A-Za-z0-9\u00C0-\u024F](?:[A-Za-z0-9\u00C0-\u024F.,:/'’ _-]*[A-Za-z0-9\u00C0-\u024F])?/g;
export function rtlRuns(line: string): string[] {
  const runs: string[] = [];
  let last = 0;
  for (const match of line.matchAll(LTR_RUN)) {
    const at = match.index ?? 0;
    if (at > last) runs.push(line.slice(last, at));
    runs.push(match[0]);
    last = at + match[0].length;
  }
  if (last < line.length) runs.push(line.slice(last));
  return runs;
}

const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '«': '»', '»': '«' };

/**
 * What to place from the right margin, in order: Latin runs whole; right-to-left runs cut into
 * words (each shaped and laid right to left by fontkit, with its brackets mirrored as the bidi
 * algorithm does) and the spaces between them (only advanced over: pdfkit drops a space at the
 * edge of a right-to-left fragment).
 */
export function rtlPieces(line: string): { text: string; draw: boolean }[] {
  const pieces: { text: string; draw: boolean }[] = [];
  for (const run of rtlRuns(line)) {
    if (LTR_RUN.test(run)) {
      LTR_RUN.lastIndex = 0;
      pieces.push({ text: run, draw: true });
      continue;
    }
    LTR_RUN.lastIndex = 0;
    for (const part of run.split(/( +)/)) {
      if (part.length === 0) continue;
      const blank = part.trim().length === 0;
      pieces.push({ text: blank ? part : part.replace(/[()[\]«»]/g, (c) => MIRRORED[c] ?? c), draw: !blank });
    }
  }
  return pieces;
}

const MARGIN = 56;

/** Renders the letter; resolves with the PDF bytes. */
export function renderLetter(data: LetterData, lang: LetterLanguage): Promise<Buffer> {
  const t = TEXTS[lang];
  const rtl = lang === 'ar';
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: rtl ? 'ar-MA' : 'fr-MA',
    displayTitle: true,
    info: {
      Title: `${t.title} ${data.reference}`,
      Subject: data.reference,
      Author: data.programme.partnerFr,
      Creator: 'Nasij',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const width = doc.page.width - 2 * MARGIN;
  const right = doc.page.width - MARGIN;

  /** One paragraph, wrapped; right-aligned and laid right to left in Arabic. */
  const paragraph = (
    text: string,
    options: { font?: 'regular' | 'bold'; size?: number; gap?: number } = {},
  ) => {
    doc.font(options.font ?? 'regular').fontSize(options.size ?? 11);
    if (!rtl) {
      doc.text(text, MARGIN, doc.y, { width, align: 'left' });
    } else {
      const lineHeight = doc.currentLineHeight(true);
      const lines: string[] = [];
      let current = '';
      for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
        const candidate = current ? `${current} ${word}` : word;
        if (current && doc.widthOfString(candidate) > width) {
          lines.push(current);
          current = word;
        } else current = candidate;
      }
      if (current) lines.push(current);
      for (const line of lines) {
        if (doc.y + lineHeight > doc.page.height - MARGIN) doc.addPage();
        const y = doc.y;
        let x = right;
        for (const piece of rtlPieces(line)) {
          const w = doc.widthOfString(piece.text);
          x -= w;
          if (piece.draw) doc.text(piece.text, x, y, { lineBreak: false });
        }
        doc.y = y + lineHeight;
      }
    }
    doc.moveDown(options.gap ?? 0.3);
  };
  const field = (label: string, value: string) =>
    paragraph(rtl ? `${label}: ${value}` : `${label} : ${value}`);

  const programmeTitle = (rtl ? data.programme.titleAr : null) ?? data.programme.titleFr;
  const callTitle = (rtl ? data.call.titleAr : null) ?? data.call.titleFr;
  const partner = (rtl ? data.programme.partnerAr : null) ?? data.programme.partnerFr;
  const actorName =
    (rtl ? (data.actor.nameAr ?? data.actor.nameFr) : (data.actor.nameFr ?? data.actor.nameAr)) ?? '';
  const [year, month, day] = data.decidedOn.split('-');

  paragraph(partner, { font: 'bold', size: 13 });
  paragraph(t.title, { font: 'bold', size: 18, gap: 0.8 });
  field(t.reference, data.reference);
  field(t.date, rtl ? data.decidedOn : `${day}/${month}/${year}`);
  doc.moveDown(0.5);
  field(t.to, actorName);
  if (data.actor.nia) field(t.nia, data.actor.nia);
  field(t.province, rtl ? data.actor.provinceAr : data.actor.provinceFr);
  doc.moveDown(0.5);
  field(t.programme, `${data.programme.reference} ${rtl ? '-' : '—'} ${programmeTitle}`);
  field(t.call, `${data.call.reference} ${rtl ? '-' : '—'} ${callTitle}`);
  doc.moveDown(0.5);
  paragraph(t.decision, { font: 'bold', size: 13 });
  paragraph(t.decisions[data.decision](data), { gap: 0.8 });

  const reasons: string[] = [];
  for (const message of data.failedRules) reasons.push(message[lang]);
  if (data.totalScore !== null && data.decision !== 'ineligible')
    reasons.push(t.score(data.totalScore, data.rank));
  if (data.decision === 'rejected' || data.decision === 'waitlisted') reasons.push(t.rejected);
  if (reasons.length > 0) {
    paragraph(t.reasons, { font: 'bold', size: 13 });
    for (const reason of reasons) paragraph(`- ${reason}`);
    doc.moveDown(0.5);
  }
  if (data.benefit) {
    paragraph(t.benefit, { font: 'bold', size: 13 });
    const { amountCentimes, seats, quantity, unit } = data.benefit;
    if (amountCentimes !== null)
      field(t.amount, rtl ? `${MAD_AR(amountCentimes)} درهم` : MAD_FR(amountCentimes));
    if (seats !== null) field(t.seats, String(seats));
    if (quantity !== null)
      field(t.quantity, `${quantityText(quantity)} ${unit ? (t.units[unit] ?? unit) : ''}`.trim());
    doc.moveDown(0.5);
  }
  if (data.decision === 'rejected' || data.decision === 'ineligible') paragraph(t.appeal, { gap: 0.8 });
  paragraph(t.footer, { size: 9 });
  doc.end();
  return done;
}
