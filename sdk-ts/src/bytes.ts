/** Lower-case hex without 0x, the wire form of bytes. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Decodes hex (optional 0x, either case). */
export function fromHex(hex: string): Uint8Array {
  const s = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new Error('not hex: ' + hex);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A BCS writer (the channel log's encoding): ULEB128 lengths, little-endian integers. */
export class BcsWriter {
  private parts: number[] = [];

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }

  u64(v: bigint | number): this {
    let x = BigInt(v);
    if (x < 0n || x >= 1n << 64n) throw new Error('u64 out of range');
    for (let i = 0; i < 8; i++) {
      this.parts.push(Number(x & 0xffn));
      x >>= 8n;
    }
    return this;
  }

  uleb128(v: number): this {
    let x = v >>> 0;
    do {
      const b = x & 0x7f;
      x >>>= 7;
      this.parts.push(x !== 0 ? b | 0x80 : b);
    } while (x !== 0);
    return this;
  }

  fixed(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }

  bytes(b: Uint8Array): this {
    return this.uleb128(b.length).fixed(b);
  }

  string(s: string): this {
    return this.bytes(utf8(s));
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
