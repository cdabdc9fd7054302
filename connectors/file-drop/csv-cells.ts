import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CellRow, isBlank } from '../../src/shared/cells/cells';
import { INVALID_UTF8, hasReplacementChar, trimToNull } from '../../src/shared/cells/to-text';

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
 *
 * Yields the rows in batches (what the parser has ready, about one read chunk), so the sync
 * pays an asynchronous step per batch rather than per row.
 */
export async function* readCsvCells(input: Readable, label: string): AsyncGenerator<CellRow[]> {
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
    for await (const records of readyBatches<RawRecord>(parser)) {
      const rows: CellRow[] = [];
      for (const rec of records) {
        const line = nextLine + leadingBreaks(rec.raw);
        nextLine += countBreaks(rec.raw);
        const cells = rec.record.map(cleanField);
        if (isBlank(cells)) continue;
        rows.push(hasReplacementChar(cells) ? { line, cells, problem: INVALID_UTF8 } : { line, cells });
      }
      if (rows.length) yield rows;
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

/**
 * Everything an object stream has buffered, one array per wait: Readable's own async iterator
 * awaits once per object. Nothing is missed between a read() that finds the buffer empty and the
 * wait, as no event can fire in between.
 */
async function* readyBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: Error | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  const onError = (err: Error): void => {
    failure = err;
    notify();
  };
  // Destroyed without an error and before its end: what Readable's iterator calls a premature close.
  const onClose = (): void => {
    if (!ended && !failure) onError(new Error('the CSV stream closed before its end'));
  };
  stream.on('readable', notify);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  try {
    for (;;) {
      if (failure) throw failure;
      const batch: T[] = [];
      let item: T | null;
      while ((item = stream.read() as T | null) !== null) batch.push(item);
      if (batch.length) yield batch;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', notify);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
  }
}

/** Quoted line breaks read the same whatever the exporting system's line ending. */
function cleanField(field: string): string | null {
  return trimToNull(field.includes('\r') ? field.replace(/\r\n?/g, '\n') : field);
}
