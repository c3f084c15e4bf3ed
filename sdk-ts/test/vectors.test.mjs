// The signing vectors shared with the Java codecs tests (docs/stream-signing-vectors.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemberKey, signingBytes, verifyRequest, toHex, canonicalJson, StreamErrorCode, StreamError } from '../dist/src/index.js';

const file = JSON.parse(readFileSync(new URL('../../docs/stream-signing-vectors.json', import.meta.url), 'utf8'));

test('the key of the shared seed', async () => {
  const key = await MemberKey.fromSeed(file.seed);
  assert.equal(toHex(key.publicKey), file.publicKey);
  assert.equal(key.address, file.member);
});

for (const v of file.vectors) {
  test(`vector: ${v.name}`, async () => {
    const key = await MemberKey.fromSeed(file.seed);
    assert.equal(toHex(signingBytes(v.request)), v.signingBytes);
    const signed = await key.sign(v.request);
    assert.equal(signed.signature, v.signature);
    assert.equal(await verifyRequest(signed), true);
    const tampered = { ...signed, nonce: signed.nonce + 1 };
    assert.equal(await verifyRequest(tampered), false);
  });
}

test('canonical JSON sorts by UTF-16 code units and escapes like RFC 8785', () => {
  assert.equal(canonicalJson({ b: 1, a: [true, null, 'x\n"\u0001'], '\u00e9': {}, A: 'é' }),
    '{"A":"é","a":[true,null,"x\\n\\"\\u0001"],"b":1,"é":{}}');
  assert.throws(() => canonicalJson({ x: 1.5 }));
  assert.throws(() => canonicalJson({ x: 2 ** 53 }));
});

test('the error table matches docs/PROTOCOL.md', () => {
  const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| (1\d{5}) \| ([A-Z_]+) \| (yes|no) \|/gm)];
  assert.equal(rows.length, Object.keys(StreamErrorCode).length);
  for (const [, code, name, retriable] of rows) {
    assert.equal(StreamErrorCode[name], Number(code));
    assert.equal(new StreamError(Number(code), '').retriable, retriable === 'yes', name);
  }
});
