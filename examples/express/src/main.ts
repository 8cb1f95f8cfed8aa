import { createApp } from './app.js';
import { createWiring } from './wiring.js';

const port = Number(process.env.PORT ?? 3000);
const wiring = await createWiring({
  onEscalate: ({ sessionId, reason }) => {
    // Replace with a real notification. Log ids only: reasons can quote the customer.
    console.log(`[escalation] session ${sessionId} needs a human (${reason.length} characters of reason)`);
  },
});
const server = createApp({ assistant: wiring.assistant }).listen(port, '127.0.0.1', () => {
  console.log(`crmkit Express example on http://127.0.0.1:${port}`);
  for (const line of wiring.summary) console.log(`  ${line}`);
  console.log('  try: curl -s -H "x-tenant-id: demo" -H "x-user-id: agent-1" http://127.0.0.1:' + port + '/api/tickets');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void wiring.close();
  });
}
