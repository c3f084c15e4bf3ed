import { BcsWriter, fromHex } from './bytes.js';

/** Move type text → the channel log's BCS TypeTag (port of codecs TypeTagParser). */
const MAX_DEPTH = 16;
const PRIMITIVES: Record<string, number> = {
  bool: 0, u8: 1, u64: 2, u128: 3, address: 4, signer: 5, u16: 8, u32: 9, u256: 10,
};
const IDENT = /^(?:[A-Za-z][A-Za-z0-9_]*|_[A-Za-z0-9_]+)$/;

/** A 32-byte address from 0x-hex of at most 64 digits, left-padded (0x1 = the standard library). */
export function parseAddress(s: string): Uint8Array {
  const h = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (h.length === 0 || h.length > 64) throw new Error('bad address: ' + s);
  return fromHex(h.padStart(64, '0'));
}

class Parser {
  pos = 0;
  constructor(readonly s: string) {}

  fail(why: string): Error {
    return new Error(`${why} at ${this.pos} in "${this.s}"`);
  }

  skip(): void {
    while (this.pos < this.s.length && this.s[this.pos] === ' ') this.pos++;
  }

  word(): string {
    this.skip();
    const start = this.pos;
    while (this.pos < this.s.length && /[A-Za-z0-9_]/.test(this.s[this.pos])) this.pos++;
    if (start === this.pos) throw this.fail('expected a name');
    return this.s.slice(start, this.pos);
  }

  expect(c: string): void {
    this.skip();
    if (this.s[this.pos] !== c) throw this.fail(`expected '${c}'`);
    this.pos++;
  }

  ident(what: string): string {
    const w = this.word();
    if (!IDENT.test(w) || w.length > 255) throw this.fail('not a Move identifier (' + what + ')');
    return w;
  }

  end(): void {
    this.skip();
    if (this.pos !== this.s.length) throw this.fail('unexpected text');
  }

  type(w: BcsWriter, depth: number): void {
    if (depth >= MAX_DEPTH) throw this.fail('type nested deeper than ' + MAX_DEPTH);
    this.skip();
    const word = this.word();
    if (word in PRIMITIVES) {
      w.u8(PRIMITIVES[word]);
      return;
    }
    if (word === 'vector') {
      this.expect('<');
      w.u8(6);
      this.type(w, depth + 1);
      this.expect('>');
      return;
    }
    if (!word.startsWith('0x') && !word.startsWith('0X')) throw this.fail('unknown type ' + word);
    w.u8(7);
    w.fixed(parseAddress(word));
    this.expect(':');
    this.expect(':');
    w.string(this.ident('module'));
    this.expect(':');
    this.expect(':');
    w.string(this.ident('struct'));
    this.skip();
    const params = new BcsWriter();
    let n = 0;
    if (this.s[this.pos] === '<') {
      this.pos++;
      do {
        this.type(params, depth + 1);
        n++;
        this.skip();
      } while (this.s[this.pos] === ',' && ++this.pos > 0);
      this.expect('>');
    }
    w.uleb128(n).fixed(params.toBytes());
  }

  functionId(w: BcsWriter): void {
    this.skip();
    w.fixed(parseAddress(this.word()));
    this.expect(':');
    this.expect(':');
    w.string(this.ident('module'));
    this.expect(':');
    this.expect(':');
    w.string(this.ident('function'));
  }
}

/** Writes the BCS TypeTag of a type's text. */
export function writeTypeTag(w: BcsWriter, text: string): void {
  const p = new Parser(text);
  p.type(w, 0);
  p.end();
}

/** Writes a FunctionId (address ‖ module ‖ function) of {@code ADDR::module::function}. */
export function writeFunctionId(w: BcsWriter, text: string): void {
  const p = new Parser(text);
  p.functionId(w);
  p.end();
}
