// A tiny in-process stand-in for a node's stream endpoint: verifies signatures and nonces,
// keeps a channel log of heights, streams changes, resumes from a height, can prune and drop
// connections. Enough to test the SDK's protocol handling offline.
import { WebSocketServer } from 'ws';
import { verifyRequest } from '../dist/src/index.js';

export class MockNode {
  constructor() {
    this.height = 0;
    this.prunedBelow = 1;
    this.log = new Map(); // height -> change
    this.members = new Set();
    this.seenNonces = new Set();
    this.subs = new Set(); // { ws, id }
    this.connections = new Set();
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/stream/v1' });
    this.wss.on('connection', (ws) => {
      this.connections.add(ws);
      ws.on('close', () => {
        this.connections.delete(ws);
        for (const s of this.subs) if (s.ws === ws) this.subs.delete(s);
      });
      ws.on('message', (data) => this.onMessage(ws, String(data)));
    });
  }

  ready() {
    return new Promise((r) => (this.wss.address() ? r() : this.wss.once('listening', r)));
  }

  get url() {
    return `ws://127.0.0.1:${this.wss.address().port}/stream/v1`;
  }

  send(ws, id, event, data) {
    ws.send(JSON.stringify({ id, event, data }));
  }

  error(ws, id, code, message, extra = {}) {
    this.send(ws, id, 'error', { code, message, ...extra });
  }

  append(kind) {
    this.height++;
    const change = { height: this.height, kind, effects: { gasUsed: 1 } };
    this.log.set(this.height, change);
    for (const s of this.subs) this.send(s.ws, s.id, 'change', change);
    return this.height;
  }

  tick(n = 1) {
    for (let i = 0; i < n; i++) this.append('tick');
  }

  prune(below) {
    this.prunedBelow = below;
    for (const h of [...this.log.keys()]) if (h < below) this.log.delete(h);
  }

  dropAll() {
    for (const ws of this.connections) ws.terminate();
  }

  async onMessage(ws, text) {
    let r;
    try {
      r = JSON.parse(text);
    } catch {
      return this.error(ws, '', 100010, 'not valid JSON');
    }
    if (r.command === 'ping') return this.send(ws, r.id, 'pong', {});
    if (!(await verifyRequest(r))) return this.error(ws, r.id, 100003, 'bad signature');
    if (!this.members.has(r.member)) return this.error(ws, r.id, 100002, 'not a member');
    const nk = r.member + '/' + r.nonce;
    if (this.seenNonces.has(nk)) return this.error(ws, r.id, 100004, 'replayed nonce');
    this.seenNonces.add(nk);
    const p = r.payload;
    switch (r.command) {
      case 'state_channel.join':
        return this.send(ws, r.id, 'snapshot', { height: this.height });
      case 'state_channel.call': {
        if (p.function === '0x1::counter::fail') {
          this.send(ws, r.id, 'accepted', { height: this.append('call'), txHash: '00' });
          return this.error(ws, r.id, 100009, 'aborted', { abortCode: 42, abortModule: '0x1::counter' });
        }
        const h = this.append('call');
        const levels = ['accepted', 'executed', 'verified', 'settled'];
        const upTo = levels.indexOf(p.level ?? 'accepted');
        for (let i = 0; i <= upTo; i++) {
          const data = { height: h, txHash: 'ab' };
          if (levels[i] === 'executed') data.effects = { gasUsed: 7 };
          if (levels[i] === 'settled') data.settledHeight = h;
          this.send(ws, r.id, levels[i], data);
        }
        return;
      }
      case 'state_channel.subscribe': {
        if (p.fromHeight === undefined) {
          this.send(ws, r.id, 'snapshot', { height: this.height });
        } else {
          if (p.fromHeight + 1 < this.prunedBelow) return this.error(ws, r.id, 100018, 'pruned');
          for (let h = p.fromHeight + 1; h <= this.height; h++) this.send(ws, r.id, 'change', this.log.get(h));
        }
        this.subs.add({ ws, id: r.id });
        return;
      }
      case 'state_channel.unsubscribe':
        for (const s of this.subs) if (s.ws === ws && s.id === p.subscription) this.subs.delete(s);
        return this.send(ws, r.id, 'ok', {});
      case 'state_channel.leave':
        this.members.delete(r.member);
        return this.send(ws, r.id, 'ok', { height: this.append('leave') });
      default:
        return this.error(ws, r.id, 100011, 'unknown command');
    }
  }

  close() {
    this.dropAll();
    return new Promise((r) => this.wss.close(() => r()));
  }
}
