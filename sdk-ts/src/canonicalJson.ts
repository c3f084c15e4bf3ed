/**
 * RFC 8785 canonical JSON restricted to the protocol's values (as io.statecraft.codec.CanonicalJson):
 * members sorted by UTF-16 code units, no white space, ECMAScript string escaping, integers
 * only, within ±(2^53−1).
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function canonicalJson(v: Json, depth = 0): string {
  if (depth > 64) throw new Error('nesting deeper than 64');
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error('only integers within ±(2^53-1) can be signed');
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map((x) => canonicalJson(x, depth + 1)).join(',') + ']';
  const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(v[k], depth + 1)).join(',') + '}';
}
