// Checks JSON as the owner types and says where it breaks, in words, with line and column.
// JSON.parse's messages differ between engines and often give no position, hence this scanner.

export type JsonCheck = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number; offset: number };

class JsonProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function scan(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'the end of the text' : `“${text[i]}”`);
  const fail = (what: string): never => {
    throw new JsonProblem(`expected ${what}, found ${describe()}`, i);
  };

  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new JsonProblem('a \\u escape needs four hex digits', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new JsonProblem(`“\\${e ?? ''}” is not an escape JSON knows`, i);
        continue;
      }
      if (c < ' ') throw new JsonProblem(c === '\n' ? 'a string cannot run over a line break (write \\n)' : 'control characters must be escaped in a string', i);
      i++;
    }
    throw new JsonProblem('this string is never closed with "', i);
  };

  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '-') fail('a value');
    i += match![0].length;
  };

  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") throw new JsonProblem('strings need double quotes (") in JSON', i);
    fail('a value');
  };

  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === '}') throw new JsonProblem('a comma cannot come before “}”', i);
      if (text[i] !== '"') fail('a property name in double quotes');
      string();
      ws();
      if (text[i] !== ':') fail('“:” after the property name');
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail('“,” or “}” after the value');
    }
  };

  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') throw new JsonProblem('a comma cannot come before “]”', i);
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail('“,” or “]” after the value');
    }
  };

  value();
  ws();
  if (i < text.length) throw new JsonProblem(`unexpected ${describe()} after the end of the JSON`, i);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function checkJson(text: string): JsonCheck {
  if (!text.trim()) return { ok: false, message: 'the body is empty', line: 1, column: 1, offset: 0 };
  try {
    scan(text);
  } catch (err) {
    if (!(err instanceof JsonProblem)) throw err;
    return { ok: false, message: err.message, offset: err.offset, ...lineAndColumn(text, err.offset) };
  }
  return { ok: true, value: JSON.parse(text) as unknown };
}
