import { z } from '../validation/zod';
import { ValidationError } from './domain-error';
import { validationException } from './validation-errors';

const order = z.strictObject({
  items: z
    .array(z.strictObject({ sku: z.string().min(1), quantity: z.int().min(1).max(10) }))
    .min(1),
  tags: z.array(z.string()).max(1).optional(),
  status: z.enum(['Created', 'Packed']).optional(),
});

function errorsOf(value: unknown) {
  const parsed = order.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return (validationException(parsed.error) as ValidationError).errors;
}

describe(validationException.name, () => {
  it('names nested fields by their path and words each reason after the field', () => {
    expect(
      errorsOf({
        items: [
          { sku: '', quantity: 1.5 },
          { sku: 'a', quantity: 11 },
        ],
        tags: ['a', 'b'],
      }),
    ).toEqual([
      { field: 'items[0].sku', reason: 'must be at least 1 character long' },
      { field: 'items[0].quantity', reason: 'must be an integer' },
      { field: 'items[1].quantity', reason: 'must not be greater than 10' },
      { field: 'tags', reason: 'must have at most 1 item' },
    ]);
  });

  it('says what is missing, of the wrong type, or not one of the allowed values', () => {
    expect(errorsOf({ status: 'Lost' })).toEqual([
      { field: 'items', reason: 'is required' },
      { field: 'status', reason: 'must be one of Created, Packed' },
    ]);
    expect(errorsOf({ items: 'many' })).toEqual([{ field: 'items', reason: 'must be an array' }]);
    expect(errorsOf({ items: [] })).toEqual([
      { field: 'items', reason: 'must have at least 1 item' },
    ]);
  });

  it('refuses each unknown field by its own name, and a value that is no object as the body', () => {
    expect(errorsOf({ items: [{ sku: 'a', quantity: 1, colour: 'red' }], note: 'x' })).toEqual([
      { field: 'items[0].colour', reason: 'is not allowed' },
      { field: 'note', reason: 'is not allowed' },
    ]);
    expect(errorsOf([])).toEqual([{ field: 'body', reason: 'must be an object' }]);
  });

  it('passes on an error that is not a validation failure', () => {
    const error = new Error('boom');
    expect(validationException(error)).toBe(error);
  });
});
