// The `ws` package is loaded dynamically on Node only; its constructor is used through the
// browser-compatible WsLike interface, so no @types/ws is needed.
declare module 'ws';
