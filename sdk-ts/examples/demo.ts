// Runnable example: node dist/examples/demo.js [ws://127.0.0.1:7443/stream/v1] [channel] [seedHex]
// Joins the channel, subscribes, makes a call that waits for `executed`, prints what streams
// in for a few seconds, then leaves nothing behind (unsubscribes and closes).
import { MemberKey, StateChannelClient, StreamError } from '../src/index.js';

const argv: string[] = ((globalThis as { process?: { argv: string[] } }).process?.argv ?? []).slice(2);
const url = argv[0] ?? 'ws://127.0.0.1:7443/stream/v1';
const channel = argv[1] ?? 'demo';

async function main(): Promise<void> {
  const key = argv[2] ? await MemberKey.fromSeed(argv[2]) : await MemberKey.generate();
  console.log('member', key.address);
  const client = await StateChannelClient.connect({ url }, key, channel);
  try {
    const snap = await client.join();
    console.log('joined at height', snap.height, 'with', snap.resources?.length ?? 0, 'resources');
    const sub = client.subscribe({ fromHeight: snap.height });
    const done = (async () => {
      for await (const item of sub) {
        console.log(item.type, item.height, item.type === 'change' ? item.change.kind : '');
      }
    })();
    const r = await client.call('0x1::counter::incr', [], ['0100000000000000'], 'executed',
      (e) => console.log('call', e.event, e.data.height));
    console.log('gas used', r.executed?.effects?.gasUsed ?? 0);
    await new Promise((res) => setTimeout(res, 3000));
    await sub.cancel();
    await done;
  } catch (e) {
    if (e instanceof StreamError) console.error(`error ${e.code} ${e.codeName}: ${e.message} (retriable: ${e.retriable})`);
    else throw e;
  } finally {
    client.close();
  }
}

void main();
