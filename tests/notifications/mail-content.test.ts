import { formatAmount, oneLine } from '../../src/notifications/mail-content';
import { chooseRecipients } from '../../src/notifications/notifications.service';

describe('formatAmount: a stored decimal, as each driver returns it, in the currency’s minor units', () => {
  test.each([
    ['1234.5600', 'EUR', '1,234.56'], // PostgreSQL: numeric as text
    [1234.56, 'EUR', '1,234.56'], // SQLite: a number
    ['98.7650', 'EUR', '98.77'],
    [98.765, 'EUR', '98.77'],
    ['150000.0000', 'JPY', '150,000'],
    [1500000, 'JPY', '1,500,000'],
  ] as const)('%p %s is %s', (value, currency, shown) => {
    expect(formatAmount(value, currency)).toBe(shown);
  });
});

describe('chooseRecipients', () => {
  test.each([
    [
      'portal users in To, the account manager in Cc',
      ['a@x.example', 'b@x.example'],
      'am@y.example',
      { to: ['a@x.example', 'b@x.example'], cc: ['am@y.example'] },
    ],
    [
      'no portal user: the account manager alone, in To',
      [],
      'am@y.example',
      { to: ['am@y.example'], cc: [] },
    ],
    ['no account manager: portal users only', ['a@x.example'], null, { to: ['a@x.example'], cc: [] }],
    ['nobody', [], null, { to: [], cc: [] }],
    [
      'an account manager who is also a portal user is addressed once',
      ['AM@y.example'],
      'am@y.example',
      { to: ['AM@y.example'], cc: [] },
    ],
  ] as const)('%s', (_, portal, manager, expected) => {
    const { to, cc } = chooseRecipients(portal, manager);
    expect({ to, cc }).toEqual(expected);
  });

  test('an address that would add a recipient or a header is refused, not sent to', () => {
    const chosen = chooseRecipients(
      ['a@x.example, evil@z.example', 'b@x.example\r\nBcc: evil@z.example', 'c@x.example'],
      'Boss <boss@y.example>',
    );
    expect(chosen).toEqual({
      to: ['c@x.example'],
      cc: [],
      refused: ['a@x.example, evil@z.example', 'b@x.example Bcc: evil@z.example', 'Boss <boss@y.example>'],
    });
  });
});

test('oneLine keeps a subject to one header line', () => {
  expect(oneLine('Order SO-1\r\nBcc: x@y.example\n')).toBe('Order SO-1 Bcc: x@y.example');
});
