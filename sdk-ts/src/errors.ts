/** The stream API's error table (docs/PROTOCOL.md §Errors; Java: StreamErrorCode). */
export const StreamErrorCode = {
  CHANNEL_NOT_FOUND: 100001,
  NOT_A_MEMBER: 100002,
  BAD_SIGNATURE: 100003,
  REPLAYED_NONCE: 100004,
  NONCE_TOO_OLD: 100005,
  CHANNEL_FROZEN: 100006,
  LEADER_UNREACHABLE: 100007,
  OUT_OF_GAS: 100008,
  ABORTED: 100009,
  MALFORMED_REQUEST: 100010,
  UNKNOWN_COMMAND: 100011,
  WRONG_TYPE: 100012,
  FRAME_TOO_LARGE: 100013,
  RATE_LIMITED: 100014,
  SLOW_CONSUMER: 100015,
  IDLE_TIMEOUT: 100016,
  UNSUPPORTED_CONFIRMATION_LEVEL: 100017,
  HEIGHT_PRUNED: 100018,
  HEIGHT_NOT_REACHED: 100019,
  INTERNAL_ERROR: 100020,
} as const;

export type StreamErrorName = keyof typeof StreamErrorCode;

const RETRIABLE = new Set<number>([100006, 100007, 100014, 100015, 100016, 100019, 100020]);

export function isRetriable(code: number): boolean {
  return RETRIABLE.has(code);
}

/** A stream API failure: the node's `error` event, or a client-side one (connection lost, timeout). */
export class StreamError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly retriable: boolean;
  readonly abortCode: number;
  readonly abortModule: string;

  constructor(code: number, message: string, abortCode = 0, abortModule = '') {
    super(message);
    this.name = 'StreamError';
    this.code = code;
    this.codeName = (Object.keys(StreamErrorCode) as StreamErrorName[]).find((k) => StreamErrorCode[k] === code) ?? 'INTERNAL_ERROR';
    this.retriable = isRetriable(code);
    this.abortCode = abortCode;
    this.abortModule = abortModule;
  }

  static fromEvent(data: { code?: number; message?: string; abortCode?: number; abortModule?: string }): StreamError {
    return new StreamError(data.code ?? StreamErrorCode.INTERNAL_ERROR, data.message ?? '', data.abortCode ?? 0, data.abortModule ?? '');
  }
}
