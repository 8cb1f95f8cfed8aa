/**
 * The API key a vendor provider uses: the one passed in, else the vendor's standard environment
 * variable, the same one its own SDK reads (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `HF_TOKEN`).
 * Empty strings count as "not given", so `apiKey: process.env.X ?? ''` falls through too.
 *
 * @internal
 */
export function readApiKey(explicit: string | undefined, variable: string): string | undefined {
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  // globalThis.process: edge runtimes have no `process`; there the key must be passed.
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[variable];
  return value === undefined || value.trim() === '' ? undefined : value;
}
