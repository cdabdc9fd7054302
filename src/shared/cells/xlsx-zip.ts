import { pipeline, Readable, Transform } from 'node:stream';
import yauzl from 'yauzl';

/** An XLSX to read: a dropped file (by path) or an uploaded one (in memory). */
export type XlsxInput = { path: string } | { buffer: Buffer };

/**
 * How far a workbook may inflate: a few hundred KB of zip can hold a sheet of hundreds of MB
 * (a zip bomb, or a sheet of repeated text), and the sheet's parser holds what it is fed.
 */
export interface XlsxLimits {
  /** The inflated bytes of every part read, together. */
  maxInflatedBytes: number;
  /** Inflated bytes per compressed byte of a part, once it passes RATIO_FLOOR. */
  maxRatio: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxInflatedBytes: 200 * 2 ** 20, maxRatio: 100 };

/** Small parts compress far (an empty sheet, repeated styles) and cost nothing: only a large part's ratio counts. */
const RATIO_FLOOR = 2 ** 20;

/** A workbook beyond the limits; its message completes "<file> …". */
export class XlsxTooLarge extends Error {}

const megabytes = (bytes: number): string => `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;

/**
 * A zip read through its central directory: every part is found by its name, in whatever order
 * the writer stored the parts, and only the parts asked for are inflated, one stream each.
 * close() releases the file and every stream still open, also after reading stopped early.
 */
export interface ZipParts {
  /** Part names compare case-insensitively, as the package format (OPC) defines them. */
  has(name: string): boolean;
  open(name: string): Promise<Readable>;
  close(): void;
}

export async function openZip(input: XlsxInput, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<ZipParts> {
  const options = { lazyEntries: true, autoClose: false };
  const zip =
    'path' in input
      ? await yauzl.openPromise(input.path, options)
      : await yauzl.fromBufferPromise(input.buffer, options);
  const streams = new Set<Readable>();
  const inflated = { declared: 0, read: 0 };
  try {
    const entries = await listEntries(zip);
    return {
      has: (name) => entries.has(name.toLowerCase()),
      open: async (name) => {
        const entry = entries.get(name.toLowerCase());
        if (!entry) throw new Error(`the workbook has no part ${name}`);
        // The sizes the directory declares are checked first (yauzl holds each part to its declared size)...
        inflated.declared += entry.uncompressedSize;
        refuseBeyond(limits, inflated.declared, entry.uncompressedSize, entry.compressedSize);
        // ...and the bytes as they inflate, so no part is ever held whole to be measured.
        // pipeline: either end's error or early close ends the other too (the caller sees the counter's error).
        const stream = pipeline(
          await zip.openReadStreamPromise(entry),
          countInflated(limits, inflated, entry.compressedSize),
          () => undefined,
        );
        streams.add(stream);
        stream.once('close', () => streams.delete(stream));
        return stream;
      },
      close: () => {
        for (const s of streams) s.destroy();
        zip.close();
      },
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Lower-cased names to entries; directories are left out. Only the directory is read, not the parts. */
function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName.toLowerCase(), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function refuseBeyond(limits: XlsxLimits, total: number, part: number, compressed: number): void {
  if (total > limits.maxInflatedBytes)
    throw new XlsxTooLarge(`inflates beyond ${megabytes(limits.maxInflatedBytes)} (XLSX_MAX_INFLATED_MB)`);
  if (part > RATIO_FLOOR && part > limits.maxRatio * Math.max(compressed, 1))
    throw new XlsxTooLarge(
      `inflates more than ${limits.maxRatio} times its compressed size (XLSX_MAX_RATIO), as a zip bomb does`,
    );
}

/** Passes a part's bytes on, counting them against the limits of the whole workbook. */
function countInflated(limits: XlsxLimits, inflated: { read: number }, compressed: number): Transform {
  let part = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      part += chunk.length;
      inflated.read += chunk.length;
      try {
        refuseBeyond(limits, inflated.read, part, compressed);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
