import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const inline = (ref: string, text: string): string =>
  `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

/**
 * A small .xlsx whose first sheet inflates to about `megabytes` MB: a header row and one row whose
 * last cell repeats one letter (it compresses about a thousand to one). Made in the test, never stored.
 */
export async function inflatingWorkbook(header: string[], row: string[], megabytes: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Sheet1').addRow(header);
  const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
  const col = (i: number): string => String.fromCharCode(65 + i);
  const cells = (values: string[], r: number): string =>
    values.map((v, i) => inline(`${col(i)}${r}`, v)).join('');
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    `<row r="1">${cells(header, 1)}</row>` +
    `<row r="2">${cells(row, 2)}${inline(`${col(row.length)}2`, 'A'.repeat(megabytes * 2 ** 20))}</row>` +
    '</sheetData></worksheet>';
  zip.file('xl/worksheets/sheet1.xml', sheet);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
