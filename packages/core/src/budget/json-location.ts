/** Where a JSON text stops being valid: 1-based line and column, and what was expected there. */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

/**
 * Finds the first syntax error in a JSON text. `JSON.parse` messages carry a position only sometimes (and only
 * Node 22+ gives line and column), so a small scanner walks the grammar and stops where it breaks.
 * Returns undefined when the text is valid JSON.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.skipSpace();
    scanner.value();
    scanner.skipSpace();
    if (scanner.offset < text.length) scanner.fail('unexpected text after the end of the JSON value');
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonSyntaxStop)) throw error;
    return { offset: error.offset, reason: error.reason, ...lineAndColumn(text, error.offset) };
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntaxStop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const LITERALS = ['true', 'false', 'null'] as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonScanner {
  offset = 0;
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new JsonSyntaxStop(this.offset, reason);
  }

  skipSpace(): void {
    while (this.offset < this.text.length && ' \t\n\r'.includes(this.text[this.offset] as string)) this.offset++;
  }

  private describeHere(): string {
    return this.offset >= this.text.length ? 'the end of the file' : `'${this.text[this.offset]}'`;
  }

  value(): void {
    const char = this.text[this.offset];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const literal of LITERALS) {
      if (this.text.startsWith(literal, this.offset)) {
        this.offset += literal.length;
        return;
      }
    }
    this.fail(`expected a value (object, array, string, number, true, false or null), found ${this.describeHere()}`);
  }

  private object(): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') this.fail(`expected a double-quoted property name, found ${this.describeHere()}`);
      this.string();
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.fail(`expected ':' after the property name, found ${this.describeHere()}`);
      this.offset++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.text[this.offset];
      if (next === '}') {
        this.offset++;
        return;
      }
      if (next !== ',') this.fail(`expected ',' or '}' after a property value, found ${this.describeHere()}`);
      this.offset++;
    }
  }

  private array(): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.text[this.offset];
      if (next === ']') {
        this.offset++;
        return;
      }
      if (next !== ',') this.fail(`expected ',' or ']' after an array element, found ${this.describeHere()}`);
      this.offset++;
    }
  }

  private string(): void {
    const start = this.offset;
    this.offset++;
    while (this.offset < this.text.length) {
      const char = this.text[this.offset] as string;
      if (char === '"') {
        this.offset++;
        return;
      }
      if (char === '\\') {
        const escape = this.text[this.offset + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))) this.fail('invalid \\u escape in a string');
          this.offset += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('invalid escape in a string');
        this.offset += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20) this.fail('control character (e.g. a line break) inside a string');
      this.offset++;
    }
    this.offset = start;
    this.fail('string is not closed');
  }

  private number(): void {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`invalid number, found ${this.describeHere()}`);
    this.offset += match[0].length;
  }
}
