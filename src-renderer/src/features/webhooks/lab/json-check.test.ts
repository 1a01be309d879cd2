import { describe, expect, it } from 'vitest';
import { checkJson } from './json-check';

describe('JSON checked as the owner types', () => {
  it('accepts valid JSON and returns its value', () => {
    expect(checkJson('{"a": [1, -2.5e3, true, null, "x\\n\\u00e9"]}')).toEqual({ ok: true, value: { a: [1, -2500, true, null, 'x\né'] } });
  });

  it('says where a comma is missing, by line and column', () => {
    const result = checkJson('{\n  "id": "evt_1"\n  "type": "x"\n}');
    expect(result).toMatchObject({ ok: false, line: 3, column: 3 });
    expect(!result.ok && result.message).toBe('expected “,” or “}” after the value, found “"”');
  });

  it('names the usual mistakes in words', () => {
    const message = (text: string) => {
      const r = checkJson(text);
      return r.ok ? null : r.message;
    };
    expect(message('{"a": 1,}')).toBe('a comma cannot come before “}”');
    expect(message("{'a': 1}")).toBe('expected a property name in double quotes, found “\'”');
    expect(message('{"a": \'x\'}')).toBe('strings need double quotes (") in JSON');
    expect(message('{"a": "unclosed}')).toBe('this string is never closed with "');
    expect(message('{"a": 1} x')).toBe('unexpected “x” after the end of the JSON');
    expect(message('{"a": }')).toBe('expected a value, found “}”');
    expect(message('')).toBe('the body is empty');
    expect(message('{"a": 1')).toBe('expected “,” or “}” after the value, found the end of the text');
  });
});
