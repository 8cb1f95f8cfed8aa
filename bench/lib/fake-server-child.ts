/**
 * The fake provider servers of the peer benches, in a process of their own (started by
 * `startFakeServerProcess`), so that their CPU time and garbage collection land on neither side
 * of a client-to-client ratio. Two servers: `healthy` answers every request (OpenAI and
 * Anthropic wire formats); `failing` answers every request with a 503 `overloaded` at once.
 *
 * Messages from the parent (IPC): `reset` (forget the recorded requests), `close`.
 */
import { createFakeProviderServer, fake } from '../../src/testing/fake-provider-server/index.js';

const reply =
  'Your order #54321 left our warehouse on Monday and is with the carrier now. The tracking page was not updated because of a scanning fault at the depot; ' +
  'the parcel is due on Thursday. I have added a note to your account, and if it has not arrived by Friday we will send a replacement or refund you in full.';

const healthy = await createFakeProviderServer({ defaultReply: reply });
const failing = await createFakeProviderServer();
failing.script(() => fake.fault('overloaded'));

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    healthy.reset();
    failing.reset();
    failing.script(() => fake.fault('overloaded'));
    process.send?.('reset-done');
  } else if (message === 'close') {
    void Promise.all([healthy.close(), failing.close()]).then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ healthy: healthy.openaiBaseURL, healthyAnthropic: healthy.anthropicBaseURL, failing: failing.openaiBaseURL, pid: process.pid });
