import { Json } from './canonicalJson.js';
import { StreamError, StreamErrorCode } from './errors.js';
import { MemberKey, StreamRequest } from './signing.js';

export type ConfirmationLevel = 'accepted' | 'executed' | 'verified' | 'settled';
export type SlowConsumerPolicy = 'cut' | 'resync';
const LEVELS: ConfirmationLevel[] = ['accepted', 'executed', 'verified', 'settled'];

/** A node event: {@code data} is the JSON form of the proto message named by {@code event}. */
export interface StreamEvent {
  id: string;
  event: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Snapshot {
  height: number;
  stateRoot?: string;
  resources?: { address: string; type: string; value?: string }[];
}

export interface Change {
  height: number;
  kind: string;
  txHash?: string;
  stateRoot?: string;
  effects?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A subscription item: a snapshot (replace your state) or a verified change. */
export type SubscriptionItem = { type: 'snapshot'; height: number; snapshot: Snapshot } | { type: 'change'; height: number; change: Change };

export interface CallResult {
  accepted?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  executed?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  verified?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  settled?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ClientOptions {
  /** e.g. ws://127.0.0.1:7443/stream/v1 or wss://… */
  url: string;
  reconnect?: boolean;
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  requestTimeoutMs?: number;
  /** A WebSocket constructor; default: the global one (browsers), else the `ws` package (Node). */
  WebSocket?: unknown;
}

interface WsLike {
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
type WsCtor = new (url: string) => WsLike;

async function resolveWebSocket(o: ClientOptions): Promise<WsCtor> {
  if (o.WebSocket) return o.WebSocket as WsCtor;
  const g = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (g) return g as WsCtor;
  const mod = (await import('ws')) as unknown as { WebSocket: WsCtor };
  return mod.WebSocket;
}

interface Pending {
  onEvent: (e: StreamEvent) => boolean; // true when complete
  reject: (e: StreamError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A member's client of one state channel over WebSocket. Requests are signed with the member
 * key; after a lost connection it reconnects and resumes every subscription from its last
 * height (nothing missed, nothing twice). Requests in flight then fail with a retriable
 * StreamError.
 */
export class StateChannelClient {
  private ws: WsLike | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly subs = new Map<string, Subscription>();
  private lastNonce = 0;
  private nextId = 0;
  private closed = false;
  private failures = 0;
  /** Called with true on each reconnect and false on each loss. */
  onConnection: (up: boolean) => void = () => {};

  private constructor(
    private readonly ctor: WsCtor,
    private readonly opts: Required<Omit<ClientOptions, 'WebSocket'>>,
    private readonly key: MemberKey,
    readonly channel: string,
  ) {}

  static async connect(options: ClientOptions, key: MemberKey, channel: string): Promise<StateChannelClient> {
    const opts = {
      url: options.url,
      reconnect: options.reconnect ?? true,
      reconnectDelayMs: options.reconnectDelayMs ?? 200,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 5000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30000,
    };
    const c = new StateChannelClient(await resolveWebSocket(options), opts, key, channel);
    await c.open();
    return c;
  }

  get member(): string {
    return this.key.address;
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new this.ctor(this.opts.url);
      let opened = false;
      ws.onopen = () => {
        opened = true;
        this.ws = ws;
        resolve();
      };
      ws.onmessage = (ev) => this.onMessage(String(ev.data));
      ws.onerror = () => {};
      ws.onclose = () => {
        if (!opened) reject(new StreamError(StreamErrorCode.INTERNAL_ERROR, 'cannot connect to ' + this.opts.url));
        else if (this.ws === ws) this.onLost();
      };
    });
  }

  // ---------------------------------------------------------------- commands

  join(): Promise<Snapshot> {
    return this.single('state_channel.join', {}, 'snapshot');
  }

  /**
   * Calls an entry function; args are BCS bytes in hex. Resolves when {@code level} is reached;
   * {@code onProgress} sees each level's event. Rejects with StreamError (ABORTED, OUT_OF_GAS, …).
   */
  async call(fn: string, typeArgs: string[], args: string[], level: ConfirmationLevel = 'accepted',
    onProgress?: (e: StreamEvent) => void): Promise<CallResult> {
    const payload: { [k: string]: Json } = { function: fn };
    if (typeArgs.length) payload.typeArgs = typeArgs;
    if (args.length) payload.args = args.map((a) => a.toLowerCase());
    payload.level = level;
    const target = LEVELS.indexOf(level);
    const result: CallResult = {};
    return this.request('state_channel.call', payload, (e) => {
      const i = LEVELS.indexOf(e.event as ConfirmationLevel);
      if (i < 0) return undefined;
      (result as Record<string, unknown>)[e.event] = e.data;
      onProgress?.(e);
      return i >= target ? result : undefined;
    });
  }

  /** Verified changes; without fromHeight a snapshot comes first. Iterate with `for await`. */
  subscribe(opts: { fromHeight?: number; onSlow?: SlowConsumerPolicy } = {}): Subscription {
    const id = this.newId();
    const s = new Subscription(this, id, opts.onSlow ?? 'cut', opts.fromHeight ?? -1);
    this.subs.set(id, s);
    void this.sendSubscribe(s, opts.fromHeight);
    return s;
  }

  state(height?: number): Promise<Snapshot> {
    return this.single('state_channel.query_state', height === undefined ? {} : { height }, 'snapshot');
  }

  entry(height: number): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.single('state_channel.query_entry', { height }, 'entry');
  }

  resources(address: string, height?: number): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.single('state_channel.query_resources', height === undefined ? { address } : { address, height }, 'resources');
  }

  async leave(): Promise<number> {
    return ((await this.single('state_channel.leave', {}, 'ok')) as { height?: number }).height ?? 0;
  }

  async closeChannel(): Promise<number> {
    return ((await this.single('state_channel.close', {}, 'ok')) as { height?: number }).height ?? 0;
  }

  ping(): Promise<void> {
    const id = this.newId();
    return new Promise((resolve, reject) => {
      this.register(id, (e) => {
        if (e.event !== 'pong') return false;
        resolve();
        return true;
      }, reject);
      this.ws?.send(JSON.stringify({ id, command: 'ping', payload: {} }));
    });
  }

  /** Closes for good: no reconnect, subscriptions end. */
  close(): void {
    this.closed = true;
    this.failAll(new StreamError(StreamErrorCode.INTERNAL_ERROR, 'client closed'));
    for (const s of this.subs.values()) s.end(new StreamError(StreamErrorCode.INTERNAL_ERROR, 'client closed'));
    this.subs.clear();
    this.ws?.close();
    this.ws = null;
  }

  /** Drops the connection as a network failure would (tests, demos): the client reconnects. */
  simulateConnectionLoss(): void {
    this.ws?.close();
  }

  /** @internal */
  async unsubscribe(s: Subscription): Promise<void> {
    this.subs.delete(s.id);
    s.end(new StreamError(StreamErrorCode.INTERNAL_ERROR, 'cancelled'));
    if (this.ws) await this.single('state_channel.unsubscribe', { subscription: s.id }, 'ok');
  }

  // ---------------------------------------------------------------- plumbing

  private single<T>(command: string, payload: { [k: string]: Json }, event: string): Promise<T> {
    return this.request(command, payload, (e) => (e.event === event ? (e.data as T) : undefined));
  }

  private async request<T>(command: string, payload: { [k: string]: Json }, pick: (e: StreamEvent) => T | undefined): Promise<T> {
    if (this.closed) throw new StreamError(StreamErrorCode.INTERNAL_ERROR, 'client closed');
    const id = this.newId();
    const signed = await this.key.sign({ id, command, channel: this.channel, nonce: this.nextNonce(), payload });
    return new Promise<T>((resolve, reject) => {
      this.register(id, (e) => {
        const t = pick(e);
        if (t === undefined) return false;
        resolve(t);
        return true;
      }, reject);
      if (!this.ws) {
        this.settle(id, new StreamError(StreamErrorCode.INTERNAL_ERROR, 'connection lost'));
        return;
      }
      this.ws.send(JSON.stringify(signed));
    });
  }

  private register(id: string, onEvent: (e: StreamEvent) => boolean, reject: (e: StreamError) => void): void {
    const timer = setTimeout(() => this.settle(id, new StreamError(StreamErrorCode.LEADER_UNREACHABLE,
      `no answer in ${this.opts.requestTimeoutMs} ms`)), this.opts.requestTimeoutMs);
    this.pending.set(id, { onEvent, reject, timer });
  }

  private settle(id: string, err?: StreamError): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (err) p.reject(err);
  }

  private async sendSubscribe(s: Subscription, fromHeight?: number): Promise<void> {
    if (!this.ws) return;
    const payload: { [k: string]: Json } = { onSlow: s.onSlow };
    if (fromHeight !== undefined && fromHeight >= 0) payload.fromHeight = fromHeight;
    const signed: StreamRequest = await this.key.sign({
      id: s.id, command: 'state_channel.subscribe', channel: this.channel, nonce: this.nextNonce(), payload,
    });
    this.ws?.send(JSON.stringify(signed));
  }

  private onMessage(text: string): void {
    let e: StreamEvent;
    try {
      e = JSON.parse(text) as StreamEvent;
    } catch {
      return;
    }
    const s = this.subs.get(e.id);
    if (s) {
      if (e.event === 'snapshot') s.offer({ type: 'snapshot', height: e.data.height ?? 0, snapshot: e.data });
      else if (e.event === 'change') s.offer({ type: 'change', height: e.data.height ?? 0, change: e.data });
      else if (e.event === 'error') this.onSubscriptionError(s, StreamError.fromEvent(e.data));
      return;
    }
    const p = this.pending.get(e.id);
    if (!p) return;
    if (e.event === 'error') {
      this.settle(e.id, StreamError.fromEvent(e.data));
      return;
    }
    if (p.onEvent(e)) this.settle(e.id);
  }

  private onSubscriptionError(s: Subscription, err: StreamError): void {
    if (err.code === StreamErrorCode.SLOW_CONSUMER) return; // resync: a snapshot follows
    if (err.code === StreamErrorCode.HEIGHT_PRUNED) {
      s.lastHeight = -1;
      void this.sendSubscribe(s);
      return;
    }
    if (err.retriable) {
      setTimeout(() => {
        if (this.subs.get(s.id) === s) void this.sendSubscribe(s, s.lastHeight);
      }, this.opts.reconnectDelayMs);
      return;
    }
    this.subs.delete(s.id);
    s.end(err);
  }

  private onLost(): void {
    this.ws = null;
    this.failAll(new StreamError(StreamErrorCode.INTERNAL_ERROR, 'connection lost'));
    this.onConnection(false);
    if (this.closed || !this.opts.reconnect) {
      for (const s of this.subs.values()) s.end(new StreamError(StreamErrorCode.INTERNAL_ERROR, 'connection lost'));
      this.subs.clear();
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.opts.maxReconnectDelayMs, this.opts.reconnectDelayMs * 2 ** Math.min(this.failures, 10));
    setTimeout(() => {
      if (this.closed) return;
      this.open().then(() => {
        this.failures = 0;
        this.onConnection(true);
        for (const s of this.subs.values()) void this.sendSubscribe(s, s.lastHeight);
      }, () => {
        this.failures++;
        this.scheduleReconnect();
      });
    }, delay);
  }

  private failAll(err: StreamError): void {
    for (const id of [...this.pending.keys()]) this.settle(id, err);
  }

  private newId(): string {
    return 'r' + ++this.nextId;
  }

  /** max(last + 1, now in µs): fresh across restarts without stored state. */
  private nextNonce(): number {
    this.lastNonce = Math.max(this.lastNonce + 1, Date.now() * 1000);
    return this.lastNonce;
  }
}

/**
 * A subscription: `for await (const item of sub)`. Items come in height order, with no gap
 * and no duplicate across reconnects; a snapshot item means "replace your state".
 */
export class Subscription implements AsyncIterable<SubscriptionItem> {
  private readonly buffer: SubscriptionItem[] = [];
  private readonly waiters: { resolve: (r: IteratorResult<SubscriptionItem>) => void; reject: (e: unknown) => void }[] = [];
  private ended: StreamError | null = null;

  /** @internal */
  constructor(private readonly client: StateChannelClient, readonly id: string, readonly onSlow: SlowConsumerPolicy,
    public lastHeight: number) {}

  /** @internal */
  offer(item: SubscriptionItem): void {
    if (this.ended) return;
    if (item.type === 'change' && this.lastHeight >= 0 && item.height <= this.lastHeight) return;
    this.lastHeight = item.height;
    const w = this.waiters.shift();
    if (w) w.resolve({ value: item, done: false });
    else this.buffer.push(item);
  }

  /** @internal */
  end(err: StreamError): void {
    if (this.ended) return;
    this.ended = err;
    for (const w of this.waiters.splice(0)) {
      if (err.message === 'cancelled' || err.message === 'client closed') w.resolve({ value: undefined, done: true });
      else w.reject(err);
    }
  }

  next(): Promise<IteratorResult<SubscriptionItem>> {
    const item = this.buffer.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.ended) {
      if (this.ended.message === 'cancelled' || this.ended.message === 'client closed') {
        return Promise.resolve({ value: undefined, done: true });
      }
      return Promise.reject(this.ended);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  cancel(): Promise<void> {
    return this.client.unsubscribe(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.cancel().catch(() => {});
        return { value: undefined, done: true };
      },
    };
  }
}
