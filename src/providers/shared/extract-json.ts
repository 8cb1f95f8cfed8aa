/**
 * Finds the JSON value in a model's reply. Models asked for "JSON only" still wrap it in
 * ```json fences or a sentence of preamble; this accepts, in order: the whole reply, the first
 * fenced block, then the first balanced `{…}` or `[…]` span (strings and escapes respected).
 * Returns `undefined` when no span parses.
 *
 * @example
 * ```ts
 * extractJson('Sure! ```json\n{"intent":"refund"}\n```'); // { intent: 'refund' }
 * extractJson('no json here'); // undefined
 * ```
 */
export function extractJson(text: string): unknown {
  const whole = tryParse(text.trim());
  if (whole.ok) return whole.value;

  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fence?.[1] !== undefined) {
    const fenced = tryParse(fence[1].trim());
    if (fenced.ok) return fenced.value;
  }

  for (let start = 0; start < text.length; start++) {
    const char = text[start];
    if (char !== '{' && char !== '[') continue;
    const end = balancedEnd(text, start);
    if (end === -1) continue;
    const span = tryParse(text.slice(start, end + 1));
    if (span.ok) return span.value;
  }
  return undefined;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}
