import { newOrderSchema } from '../../src/orders/orders.schemas';
import { quoteDefaultsSchema } from '../../src/quotes/quotes.schemas';
import { AppError } from '../../src/shared/errors';
import { compileValidator, S, Static } from '../../src/shared/http/validation';

/** Compiles only if the two types are the same both ways; `npm test` runs tsc over this file. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;

describe('schemas built with S', () => {
  test('are the plain JSON Schemas ajv and the OpenAPI document read, with nothing added', () => {
    expect(S.nullable(S.string({ maxLength: 100 }))).toEqual({ type: ['string', 'null'], maxLength: 100 });
    expect(S.array(S.enum(['a', 'b']), { minItems: 1 })).toEqual({
      type: 'array',
      minItems: 1,
      items: { enum: ['a', 'b'] },
    });
    expect(JSON.parse(JSON.stringify(quoteDefaultsSchema))).toEqual(quoteDefaultsSchema);
    expect(Object.getOwnPropertySymbols(newOrderSchema)).toEqual([]);
  });

  test('give the type of what they accept: required keys required, the rest optional, enums as unions', () => {
    const schema = S.object(
      { id: S.id, status: S.enum(['open', 'closed']), tags: S.array(S.str(10)), note: S.nullable(S.str(5)) },
      ['id', 'tags'],
    );
    expect(
      same<
        Same<
          Static<typeof schema>,
          { id: string; tags: string[]; status?: 'open' | 'closed'; note?: string | null }
        >
      >(),
    ).toBe(true);
    // @ts-expect-error a status outside the enum is not of the schema's type
    const wrong: Static<typeof schema> = { id: 'x', tags: [], status: 'pending' };
    expect(wrong).toBeDefined();
  });

  test("a compiled validator hands back the body with the schema's type and refuses what the schema refuses", () => {
    const validate = compileValidator(newOrderSchema);
    const order = validate({
      accountId: '4b0f3c52-8d5e-4a57-9d43-4cb7d4f2d7a1',
      lines: [{ sku: 'V-100', quantity: 2, requestedDate: '2030-01-31' }],
    });
    const firstQuantity: number = order.lines[0]!.quantity;
    expect(firstQuantity).toBe(2);

    const refused = (() => {
      try {
        validate({ accountId: 'nope', lines: [{ sku: 'V-100', quantity: 0 }] });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).details.map((d) => d.path).sort()).toEqual([
      '/accountId',
      '/lines/0/quantity',
      '/lines/0/requestedDate',
    ]);
  });
});
