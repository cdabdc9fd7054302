import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * The text of each page, as poppler's pdftotext reads it (what a reader copies out of the PDF),
 * laid out as on the page. CI installs poppler-utils (.ci/run).
 */
export function pdfPages(pdf: Buffer): string[] {
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], {
    input: pdf,
    maxBuffer: 64 * 1024 * 1024,
  }).toString('utf8');
  // Pages end with a form feed; the last one is followed by nothing.
  return text.split('\f').slice(0, -1);
}

const PDFTOTEXT = '/usr/bin/pdftotext';
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Like describeInBrowser: outside CI a missing pdftotext is one warning; in CI it fails. */
export function describeWithPdfText(name: string, fn: () => void): void {
  if (fs.existsSync(PDFTOTEXT)) describe(name, fn);
  else if (inCi)
    describe(name, () =>
      test(`pdftotext is installed at ${PDFTOTEXT} (required when CI is set)`, () =>
        expect(fs.existsSync(PDFTOTEXT)).toBe(true)),
    );
  else
    describe(name, () =>
      test('PDF text checks need pdftotext (skipped outside CI)', () => {
        console.warn(`${name}: no ${PDFTOTEXT}; apt-get install poppler-utils to run these tests`);
        expect(fs.existsSync(PDFTOTEXT)).toBe(false);
      }),
    );
}
