import { redactError } from '../../src/shared/logger';

describe('redactError', () => {
  const knexMessage =
    "insert into `users` (`email`) values ('ceo@example.com') - UNIQUE constraint failed: users.email";

  test.each([
    ['an Error', Object.assign(new Error(knexMessage), { code: 'SQLITE_CONSTRAINT' })],
    [
      'an error from another realm (a plain object with a message)',
      { name: 'SqliteError', message: knexMessage, stack: `SqliteError: ${knexMessage}\n    at x` },
    ],
    ['a thrown string', knexMessage],
  ])('keeps the database message of %s but drops the SQL and bound values', (_what, err) => {
    const out = redactError(err);
    expect(JSON.stringify(out)).not.toContain('ceo@example.com');
    expect(out.message).toBe('[sql redacted] - UNIQUE constraint failed: users.email');
  });

  test('leaves a message without SQL as it is', () => {
    expect(redactError(new Error('connect ECONNREFUSED 127.0.0.1:5432')).message).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});
