export { createChatStream, streamParts, withPartialText } from '../core/create-chat-stream.js';
export type { CreateChatStreamOptions, StreamCompletion, StreamProducer } from '../core/create-chat-stream.js';
export * from './shared/index.js';
export * from './resilience/index.js';
export * from './budget/index.js';
export * from './telemetry/index.js';
export * from './privacy/index.js';
export { completionOf, forwardStream, wrapProvider } from './wrap-provider.js';
export type { GenerateCall, ProviderMiddleware, StreamBody, StreamBodyContext, StreamCall } from './wrap-provider.js';
