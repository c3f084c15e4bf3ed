export { toHex, fromHex, BcsWriter } from './bytes.js';
export { canonicalJson } from './canonicalJson.js';
export type { Json } from './canonicalJson.js';
export { parseAddress, writeTypeTag, writeFunctionId } from './moveTypes.js';
export { StreamError, StreamErrorCode, isRetriable } from './errors.js';
export type { StreamErrorName } from './errors.js';
export { MemberKey, signingBytes, verifyRequest, STREAM_DOMAIN, CALL_DOMAIN } from './signing.js';
export type { StreamRequest } from './signing.js';
export { StateChannelClient, Subscription } from './client.js';
export type {
  ClientOptions, ConfirmationLevel, SlowConsumerPolicy, StreamEvent, Snapshot, Change, SubscriptionItem, CallResult,
} from './client.js';
