export { createChatStream, withPartialText } from './create-chat-stream.js';
export type { CreateChatStreamOptions, StreamCompletion, StreamProducer } from './create-chat-stream.js';
