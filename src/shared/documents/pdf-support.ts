import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Noto Sans (OFL, from @expo-google-fonts/noto-sans): full Latin, Greek and Cyrillic, so
 * "Dvořák" or "Łódź" print as typed, which pdfkit's built-in Helvetica (WinAnsi only) cannot do.
 * pdfkit embeds only the glyphs a document uses.
 */
export const DOCUMENT_FONTS = { regular: 'NotoSans-Regular', bold: 'NotoSans-Bold' } as const;

const FONT_FILES = {
  regular: '400Regular/NotoSans_400Regular.ttf',
  bold: '700Bold/NotoSans_700Bold.ttf',
} as const;
type Face = keyof typeof FONT_FILES;

/** What pdfkit needs of a parsed font (fontkit's Font); pdfkit accepts one in place of the file. */
interface ParsedFont {
  layout(text: string): unknown;
}

/**
 * Parsed once per process and shared by every document: given the file, pdfkit parses Noto
 * Sans' tables (its kerning alone is large) again for each document, which cost most of a
 * 50-line quotation's time. Each document still gets its own subset. pdfkit's own fontkit, so
 * the two always agree on the font object.
 */
let parsed: Record<Face, ParsedFont> | undefined;

function documentFonts(): Record<Face, ParsedFont> {
  if (!parsed) {
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as {
      create(data: Uint8Array): ParsedFont;
    };
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
    const open = (face: Face): ParsedFont =>
      fontkit.create(fs.readFileSync(path.join(dir, FONT_FILES[face])));
    parsed = { regular: open('regular'), bold: open('bold') };
  }
  return parsed;
}

/** Registers both faces under DOCUMENT_FONTS' names and selects the regular one. */
export function useDocumentFonts(doc: PDFKit.PDFDocument): void {
  const fonts = documentFonts();
  doc.registerFont(DOCUMENT_FONTS.regular, fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont(DOCUMENT_FONTS.bold, fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font(DOCUMENT_FONTS.regular);
}

/**
 * pdfkit's options with no default font: without this it parses Helvetica's metrics for every
 * document although the document never uses it.
 */
export const NO_DEFAULT_FONT = { font: null as unknown as string };

/** Collects a finished pdfkit document into one Buffer. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
