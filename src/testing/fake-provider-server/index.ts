export { createFakeProviderServer } from './create-fake-provider-server.js';
export type {
  FakeProviderServer,
  FakeProviderServerOptions,
  FakeScript,
  RecordedRequest,
  RequestOutcome,
} from './create-fake-provider-server.js';
export { fake } from './fake-response.js';
export type {
  FakeFault,
  FakeFaultKind,
  FakeFaultOptions,
  FakeFinishReason,
  FakeHttp,
  FakeRecordedErrorName,
  FakeReply,
  FakeReset,
  FakeResponse,
  FakeStall,
  FakeStreamError,
  FakeToolCall,
  FakeTruncate,
  FakeVendor,
} from './fake-response.js';
export type { FakeRateLimits } from './rate-window.js';
