import * as ed from '@noble/ed25519';
import { BcsWriter, fromHex, toHex, utf8 } from './bytes.js';
import { canonicalJson, Json } from './canonicalJson.js';
import { parseAddress, writeFunctionId, writeTypeTag } from './moveTypes.js';

/** A request in its WebSocket (JSON) form, before or after signing. */
export interface StreamRequest {
  id?: string;
  command: string;
  member?: string;
  channel?: string;
  nonce?: number;
  payload: { [k: string]: Json };
  signature?: string;
}

export const STREAM_DOMAIN = 'statecraft/stream-request/v1\n';
export const CALL_DOMAIN = 'statecraft/channel-call/v1\n';

/** The bytes a request's signature covers (docs/PROTOCOL.md §Signing). */
export function signingBytes(r: StreamRequest): Uint8Array {
  if (r.member === undefined || r.channel === undefined || r.nonce === undefined) {
    throw new Error('member, channel and nonce are required');
  }
  if (r.command === 'state_channel.call') {
    const p = r.payload as { function: string; typeArgs?: string[]; args?: string[] };
    const w = new BcsWriter();
    w.fixed(utf8(CALL_DOMAIN)).string(r.channel).fixed(parseAddress(r.member)).u64(BigInt(r.nonce));
    writeFunctionId(w, p.function);
    const types = p.typeArgs ?? [];
    w.uleb128(types.length);
    for (const t of types) writeTypeTag(w, t);
    const args = p.args ?? [];
    w.uleb128(args.length);
    for (const a of args) w.bytes(fromHex(a));
    return w.toBytes();
  }
  const json = canonicalJson({
    channel: r.channel,
    command: r.command,
    member: r.member,
    nonce: r.nonce,
    payload: r.payload,
  });
  const d = utf8(STREAM_DOMAIN);
  const j = utf8(json);
  const out = new Uint8Array(d.length + j.length);
  out.set(d, 0);
  out.set(j, d.length);
  return out;
}

/** A member's Ed25519 key; the member address is 0x + the public key in hex. */
export class MemberKey {
  private constructor(private readonly seed: Uint8Array, readonly publicKey: Uint8Array) {}

  static async fromSeed(seed: Uint8Array | string): Promise<MemberKey> {
    const s = typeof seed === 'string' ? fromHex(seed.trim()) : seed;
    if (s.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
    return new MemberKey(Uint8Array.from(s), await ed.getPublicKeyAsync(s));
  }

  static async generate(): Promise<MemberKey> {
    const seed = new Uint8Array(32);
    globalThis.crypto.getRandomValues(seed);
    return MemberKey.fromSeed(seed);
  }

  get address(): string {
    return '0x' + toHex(this.publicKey);
  }

  /** The seed as hex, for storing the key (keep it secret). */
  seedHex(): string {
    return toHex(this.seed);
  }

  /** Sets member and signature on the request. */
  async sign(r: StreamRequest): Promise<StreamRequest> {
    const withMember = { ...r, member: this.address };
    delete withMember.signature;
    const sig = await ed.signAsync(signingBytes(withMember), this.seed);
    return { ...withMember, signature: toHex(sig) };
  }
}

/** Verifies a signed request against its member address. */
export async function verifyRequest(r: StreamRequest): Promise<boolean> {
  try {
    if (!r.member || !r.signature || !/^0x[0-9a-f]{64}$/.test(r.member)) return false;
    return await ed.verifyAsync(fromHex(r.signature), signingBytes(r), fromHex(r.member));
  } catch {
    return false;
  }
}
