import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CellRow, isBlank } from './cells';
import { INVALID_UTF8, hasReplacementChar, trimToNull } from './to-text';

interface RawRecord {
  record: string[];
  raw: string;
}

/** Larger than any real record; an unclosed quote would otherwise swallow the rest of the file into memory. */
const MAX_RECORD_BYTES = 1024 * 1024;

const CR = 13;
const LF = 10;

/** Line breaks in s[from, to), a CRLF counting once; a scan, as it runs on every record. */
function countBreaks(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && s.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

/** The breaks of the empty lines a record's raw text starts with. */
function leadingBreaks(s: string): number {
  let end = 0;
  while (end < s.length && (s.charCodeAt(end) === CR || s.charCodeAt(end) === LF)) end++;
  return end === 0 ? 0 : countBreaks(s, 0, end);
}

/**
 * Streams the records of a UTF-8 CSV (RFC 4180). Bytes go to csv-parse undecoded: it decodes
 * each field with Buffer#toString, so invalid UTF-8 turns into U+FFFD in that row only and the
 * rest of the file still loads.
 *
 * Line numbers are counted here from each record's raw text, because csv-parse's `info.lines`
 * is the line where a record ends and miscounts quoted CRLF line breaks. A record's raw text
 * starts with the empty lines skipped before it, so those come first in the count.
 */
export async function* readCsvCells(input: Readable, label: string): AsyncGenerator<CellRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // Manufacturing descriptions hold inch marks (`Pipe 3/4"`) in unquoted fields.
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    raw: true,
    // Exports concatenated from several systems mix line endings; take each as it comes.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_BYTES,
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let nextLine = 1;
  try {
    for await (const rec of parser as AsyncIterable<RawRecord>) {
      const line = nextLine + leadingBreaks(rec.raw);
      nextLine += countBreaks(rec.raw);
      const cells = rec.record.map(cleanField);
      if (isBlank(cells)) continue;
      yield hasReplacementChar(cells) ? { line, cells, problem: INVALID_UTF8 } : { line, cells };
    }
  } catch (err) {
    const e = err as Error & { code?: string };
    if (!e.code?.startsWith('CSV_')) throw err;
    throw new Error(`${label}: the CSV cannot be read from line ${nextLine} on (${e.message})`);
  } finally {
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
  }
}

/** Quoted line breaks read the same whatever the exporting system's line ending. */
function cleanField(field: string): string | null {
  return trimToNull(field.includes('\r') ? field.replace(/\r\n?/g, '\n') : field);
}
