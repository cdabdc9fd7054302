// Cheaper password hashing in tests only: the scheme and code path are the same, the cost is lower.
process.env.PASSWORD_HASH_COST ??= '12';
process.env.LOG_LEVEL ??= 'silent';
// Each order change rewrites orders_out at once, so a test reads the file as soon as the jobs drained.
process.env.ORDERS_OUT_COALESCE_SECONDS ??= '0';
