// Cheaper password hashing in tests only: the scheme and code path are the same, the cost is lower.
process.env.PASSWORD_HASH_COST ??= '12';
process.env.LOG_LEVEL ??= 'silent';
