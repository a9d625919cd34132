import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  isBoolean,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsRecordOf } from '../validation/is-record-of.decorator';
import { MayBeOmitted } from '../validation/may-be-omitted.decorator';
import { RequestValidationPipe } from '../validation/request-validation.pipe';
import { ValidationError } from './domain-error';
import { validationException } from './validation-errors';

class Line {
  @IsString() @IsNotEmpty() sku: string;
  @IsInt() @Min(1) @Max(10) quantity: number;
}

class Order {
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => Line)
  items: Line[];

  @MayBeOmitted() @IsArray() @ArrayMaxSize(1) tags?: string[];
  @MayBeOmitted() @IsIn(['Created', 'Packed']) status?: string;

  @MayBeOmitted()
  @IsRecordOf(isBoolean, 'must be true or false', { message: 'must map names to true or false' })
  switches?: Record<string, boolean>;
}

const pipe = new RequestValidationPipe();

async function errorsOf(value: unknown) {
  try {
    await pipe.transform(value, { type: 'body', metatype: Order });
  } catch (error) {
    return (error as ValidationError).errors;
  }
  throw new Error('expected a failure');
}

describe(validationException.name, () => {
  it('names nested fields by their path and words each reason after the field', async () => {
    expect(
      await errorsOf({
        items: [
          { sku: '', quantity: 1.5 },
          { sku: 'a', quantity: 11 },
        ],
        tags: ['a', 'b'],
      }),
    ).toEqual([
      { field: 'items[0].sku', reason: 'should not be empty' },
      { field: 'items[0].quantity', reason: 'must be an integer number' },
      { field: 'items[1].quantity', reason: 'must not be greater than 10' },
      { field: 'tags', reason: 'must contain no more than 1 elements' },
    ]);
  });

  it('says what is missing, of the wrong type, or not one of the allowed values', async () => {
    expect(await errorsOf({ status: 'Lost' })).toEqual([
      { field: 'items', reason: 'is required' },
      { field: 'status', reason: 'must be one of the following values: Created, Packed' },
    ]);
    expect(await errorsOf({ items: 'many' })).toEqual([
      { field: 'items', reason: 'must be an array' },
    ]);
    expect(await errorsOf({ items: [] })).toEqual([
      { field: 'items', reason: 'should not be empty' },
    ]);
    expect(await errorsOf({ items: [{ sku: 'a', quantity: '2' }], status: null })).toEqual([
      { field: 'items[0].quantity', reason: 'must be an integer number' },
      { field: 'status', reason: 'must be one of the following values: Created, Packed' },
    ]);
  });

  it('refuses each unknown field by its own name, and a value that is no object as the body', async () => {
    expect(
      await errorsOf({ items: [{ sku: 'a', quantity: 1, colour: 'red' }], note: 'x' }),
    ).toEqual([
      { field: 'note', reason: 'should not exist' },
      { field: 'items[0].colour', reason: 'should not exist' },
    ]);
    expect(await errorsOf([])).toEqual([{ field: 'body', reason: 'must be an object' }]);
    expect(await errorsOf({ items: ['x'] })).toEqual([
      { field: 'items[0]', reason: 'must be either object or array' },
    ]);
  });

  it('names each key of a record whose value is wrong, and the record when it is none', async () => {
    const items = [{ sku: 'a', quantity: 1 }];
    expect(await errorsOf({ items, switches: { a: true, b: 'no', c: 1 } })).toEqual([
      { field: 'switches.b', reason: 'must be true or false' },
      { field: 'switches.c', reason: 'must be true or false' },
    ]);
    expect(await errorsOf({ items, switches: [true] })).toEqual([
      { field: 'switches', reason: 'must map names to true or false' },
    ]);
  });
});
