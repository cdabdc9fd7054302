import { DATASET_COLUMNS, DatasetName, allColumns } from '../connector';

export interface ResolvedHeader {
  /** Per column position of the file: the canonical column it feeds, or null when ignored. */
  targets: (string | null)[];
  /** Canonical columns present, in file order. */
  columns: string[];
  /** Required canonical columns the file lacks; rows carry them as null so validation quarantines them. */
  missingRequired: string[];
  warnings: string[];
}

/** Normalizes a header or mapping key: ERP exports vary in case and padding, never in meaning. */
export const normalizeName = (name: string): string => name.trim().toLowerCase();

/**
 * Matches a file's header to the dataset's canonical columns, renaming ERP names through the
 * mapping first. `renames` keys must already be normalized.
 */
export function resolveHeader(
  dataset: DatasetName,
  names: readonly (string | null)[],
  renames: ReadonlyMap<string, string>,
): ResolvedHeader {
  const known = new Set(allColumns(dataset));
  const targets: (string | null)[] = [];
  const columns: string[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  for (const raw of names) {
    const name = raw === null ? '' : normalizeName(raw);
    const canonical = renames.get(name) ?? name;
    if (name === '') {
      // An unnamed column (a trailing comma in every line, say) carries nothing we could use.
      targets.push(null);
    } else if (!known.has(canonical)) {
      targets.push(null);
      unknown.push((raw ?? '').trim());
    } else if (columns.includes(canonical)) {
      targets.push(null);
      duplicates.push(canonical);
    } else {
      targets.push(canonical);
      columns.push(canonical);
    }
  }
  const missingRequired = DATASET_COLUMNS[dataset].required.filter((c) => !columns.includes(c));
  const warnings: string[] = [];
  if (unknown.length > 0) warnings.push(`unknown column(s) ignored: ${unknown.join(', ')}`);
  if (duplicates.length > 0)
    warnings.push(`duplicate column(s), the first one is used: ${[...new Set(duplicates)].join(', ')}`);
  if (missingRequired.length > 0) warnings.push(`missing required column(s): ${missingRequired.join(', ')}`);
  return { targets, columns, missingRequired, warnings };
}

/** One row's cells -> the canonical values the engine validates. */
export function mapCells(
  header: ResolvedHeader,
  cells: readonly (string | null)[],
): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const col of header.missingRequired) values[col] = null;
  const { targets } = header;
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i];
    if (target != null) values[target] = cells[i] ?? null;
  }
  return values;
}
