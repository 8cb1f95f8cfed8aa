export { createTokenCounter } from './create-token-counter.js';
export type { CreateTokenCounterOptions, LoadedTokenCounter, SafetyMargins } from './create-token-counter.js';
export { fitMessages } from './fit-messages.js';
export type { FitMessagesOptions, FitMessagesResult, MessageTrim } from './fit-messages.js';
export { encodingNames, resolveEncoding } from './resolve-encoding.js';
export type { EncodingName, EncodingResolution } from './resolve-encoding.js';
export type { TokenizerEngine } from './load-encoder.js';
