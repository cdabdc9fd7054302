/** A unique index refused the row: SQLite (better-sqlite3), PostgreSQL (23505), SQL Server (2627 constraint, 2601 index). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; number?: unknown } | null;
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === '23505' || e?.number === 2627 || e?.number === 2601
  );
}
