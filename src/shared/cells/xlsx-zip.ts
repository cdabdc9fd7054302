import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** An XLSX to read: a dropped file (by path) or an uploaded one (in memory). */
export type XlsxInput = { path: string } | { buffer: Buffer };

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

export async function openZip(input: XlsxInput): Promise<ZipParts> {
  const options = { lazyEntries: true, autoClose: false };
  const zip =
    'path' in input
      ? await yauzl.openPromise(input.path, options)
      : await yauzl.fromBufferPromise(input.buffer, options);
  const streams = new Set<Readable>();
  try {
    const entries = await listEntries(zip);
    return {
      has: (name) => entries.has(name.toLowerCase()),
      open: async (name) => {
        const entry = entries.get(name.toLowerCase());
        if (!entry) throw new Error(`the workbook has no part ${name}`);
        const stream = await zip.openReadStreamPromise(entry);
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
