import { describe, expect, it } from 'vitest';
import { asRecord, isRecord, parseJson } from '../../src/domain/json.js';

describe('isRecord / asRecord', () => {
  it.each([
    [{ a: 1 }, true],
    [{}, true],
    [[], false],
    [null, false],
    ['{}', false],
    [1, false],
    [undefined, false],
  ])('%j is a record: %s', (value, expected) => {
    const is = isRecord(value);
    const as = asRecord(value);

    expect(is).toBe(expected);
    expect(as).toBe(expected ? value : undefined);
  });
});

describe('parseJson', () => {
  it('returns the parsed value, or undefined for text that is not JSON', () => {
    const parsed = ['{"a":[1]}', '[1,2]', '"x"', 'null', '{oops', '', '   '].map(parseJson);

    expect(parsed).toEqual([{ a: [1] }, [1, 2], 'x', null, undefined, undefined, undefined]);
  });
});
