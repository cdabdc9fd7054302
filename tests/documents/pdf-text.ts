import { execFileSync } from 'node:child_process';

/**
 * The text of each page, as poppler's pdftotext reads it (what a reader copies out of the PDF),
 * laid out as on the page. CI installs poppler-utils (.ci/run).
 */
export function pdfPages(pdf: Buffer): string[] {
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  // Pages end with a form feed; the last one is followed by nothing.
  return text.split('\f').slice(0, -1);
}
