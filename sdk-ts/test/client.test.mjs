import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MemberKey, StateChannelClient, StreamError, StreamErrorCode } from '../dist/src/index.js';
import { MockNode } from './mockNode.mjs';

let node;
let key;

before(async () => {
  node = new MockNode();
  await node.ready();
  key = await MemberKey.generate();
  node.members.add(key.address);
});

after(() => node.close());

const connect = () => StateChannelClient.connect({ url: node.url, reconnectDelayMs: 10, requestTimeoutMs: 5000 }, key, 'game-1');

/** The next item of an async iterator, bounded in time. */
async function nextItem(it) {
  const r = await Promise.race([it.next(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 5000))]);
  assert.equal(r.done, false);
  return r.value;
}

test('join and a call at each confirmation level', async () => {
  const c = await connect();
  const snap = await c.join();
  assert.equal(typeof snap.height, 'number');
  for (const level of ['accepted', 'executed', 'verified', 'settled']) {
    const seen = [];
    const r = await c.call('0x1::counter::incr', [], ['0500000000000000'], level, (e) => seen.push(e.event));
    assert.deepEqual(seen, ['accepted', 'executed', 'verified', 'settled'].slice(0, seen.length));
    assert.equal(seen[seen.length - 1], level);
    assert.ok(r.accepted.height > 0);
  }
  await c.ping();
  c.close();
});

test('typed errors', async () => {
  const c = await connect();
  await assert.rejects(c.call('0x1::counter::fail', [], [], 'executed'), (e) => {
    assert.ok(e instanceof StreamError);
    assert.equal(e.code, StreamErrorCode.ABORTED);
    assert.equal(e.codeName, 'ABORTED');
    assert.equal(e.abortCode, 42);
    assert.equal(e.retriable, false);
    return true;
  });
  const stranger = await MemberKey.generate();
  const s = await StateChannelClient.connect({ url: node.url }, stranger, 'game-1');
  await assert.rejects(s.join(), (e) => e.code === StreamErrorCode.NOT_A_MEMBER);
  s.close();
  c.close();
});

test('for await over a subscription resumes after a lost connection with no gap and no duplicate', async () => {
  const c = await connect();
  const sub = c.subscribe();
  const it = sub[Symbol.asyncIterator]();
  const first = await nextItem(it);
  assert.equal(first.type, 'snapshot');
  let last = first.height;
  node.tick(3);
  for (let i = 0; i < 3; i++) {
    const item = await nextItem(it);
    assert.equal(item.type, 'change');
    assert.equal(item.height, ++last);
  }
  const back = new Promise((r) => (c.onConnection = (up) => up && r()));
  node.dropAll();
  node.tick(4); // missed while away
  await back;
  node.tick(2);
  for (let i = 0; i < 6; i++) {
    const item = await nextItem(it);
    assert.equal(item.type, 'change');
    assert.equal(item.height, ++last);
  }
  // A bounded loop over for await ends when the subscription is cancelled.
  node.tick(1);
  let n = 0;
  for await (const item of sub) {
    assert.equal(item.height, ++last);
    if (++n === 1) break;
  }
  c.close();
});

test('resuming past pruned history restarts from a snapshot', async () => {
  const c = await connect();
  const sub = c.subscribe();
  const it = sub[Symbol.asyncIterator]();
  await nextItem(it);
  node.tick(1);
  const seen = (await nextItem(it)).height;
  const lost = new Promise((r) => (c.onConnection = (up) => !up && r()));
  node.dropAll();
  await lost;
  node.tick(5);
  node.prune(node.height);
  const item = await nextItem(it);
  assert.equal(item.type, 'snapshot');
  assert.equal(item.height, node.height);
  assert.ok(item.height > seen);
  c.close();
});
