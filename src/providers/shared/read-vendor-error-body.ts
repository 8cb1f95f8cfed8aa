/**
 * What {@link readVendorErrorBody} found in an error body, whatever its shape.
 *
 * @example
 * ```ts
 * const details: VendorErrorBody = { message: 'Model is currently loading', labels: [], estimatedTimeMs: 20_000 };
 * ```
 */
export interface VendorErrorBody {
  /** The human message, when the body has one. */
  readonly message?: string;
  /**
   * Machine-readable labels, most specific first: `error.code`, `error.innererror.code`,
   * `error.details.error_code`, `error.type`, then the top-level `code`, `type` and `error_type`.
   */
  readonly labels: readonly string[];
  /** A numeric `code` that echoes an HTTP status (OpenRouter, vLLM, llama.cpp), for errors inside a stream. */
  readonly statusHint?: number;
  /** Hugging Face's `estimated_time` (a cold model's load time), in milliseconds. */
  readonly estimatedTimeMs?: number;
}

type JsonRecord = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

// Values that say "this is an error" and nothing more: Anthropic's `"type": "error"`, vLLM's `"object": "error"`.
const emptyLabels = new Set(['error', '']);

/** Parses text that is itself a JSON object (Ollama relays llama.cpp's error as a string), else undefined. */
function parseEmbeddedJson(text: string): JsonRecord | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function detailMessage(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return undefined;
  // FastAPI's validation errors: [{ loc: ['body', 'max_tokens'], msg: '…', type: '…' }]
  const parts = detail.map((item: unknown) => {
    if (!isRecord(item)) return JSON.stringify(item);
    const where = Array.isArray(item.loc) ? `${item.loc.join('.')}: ` : '';
    return `${where}${typeof item.msg === 'string' ? item.msg : JSON.stringify(item)}`;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function addLabel(labels: string[], value: unknown): void {
  if (typeof value === 'string' && !emptyLabels.has(value) && !labels.includes(value)) labels.push(value);
}

function numericCode(value: unknown): number | undefined {
  const code = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof code === 'number' && Number.isInteger(code) && code >= 400 && code < 600 ? code : undefined;
}

/**
 * Reads an error body in any of the shapes OpenAI-compatible servers and the three vendors send:
 *
 * | shape | sent by |
 * |---|---|
 * | `{"error": {"message", "type", "code", "param"}}` | OpenAI, Groq, Together, OpenRouter (numeric `code`), LM Studio, Ollama `/v1`, vLLM ≥ 0.6 |
 * | `{"error": {"code": "content_filter", "innererror": {"code"}}}` | Azure OpenAI |
 * | `{"type": "error", "error": {"type", "message", "details"}}` | Anthropic |
 * | `{"error": "…", "error_type"?, "estimated_time"?}` | Hugging Face router and TGI, Ollama's own API, LM Studio |
 * | `{"error": "{\"error\": {…}}"}` (JSON inside the string) | Ollama ≥ 0.34 relaying llama.cpp |
 * | `{"object": "error", "message", "type", "code": 400}` | vLLM (older) |
 * | `{"message": "…"}` | Hugging Face, gateways |
 * | `{"detail": "…"}` or `{"detail": [{"loc", "msg", "type"}]}` | FastAPI servers |
 * | plain text | proxies, HTML error pages |
 *
 * @example
 * ```ts
 * readVendorErrorBody({ error: 'Model gpt2 is currently loading', estimated_time: 20 });
 * // { message: 'Model gpt2 is currently loading', labels: [], estimatedTimeMs: 20000 }
 * ```
 */
export function readVendorErrorBody(body: unknown): VendorErrorBody {
  return readBody(body, 0);
}

function readBody(body: unknown, depth: number): VendorErrorBody {
  if (typeof body === 'string') {
    const embedded = depth < 2 ? parseEmbeddedJson(body) : undefined;
    if (embedded) return readBody(embedded, depth + 1);
    const text = body.trim();
    return text ? { message: text, labels: [] } : { labels: [] };
  }
  if (!isRecord(body)) return { labels: [] };
  const labels: string[] = [];
  let message: string | undefined;
  let statusHint: number | undefined;
  let estimatedSeconds = typeof body.estimated_time === 'number' ? body.estimated_time : undefined;

  const error = body.error;
  if (typeof error === 'string') {
    const embedded = depth < 2 ? parseEmbeddedJson(error) : undefined;
    if (embedded) {
      const inner = readBody(embedded, depth + 1);
      message = inner.message;
      labels.push(...inner.labels);
      statusHint = inner.statusHint;
      estimatedSeconds ??= inner.estimatedTimeMs === undefined ? undefined : inner.estimatedTimeMs / 1000;
    } else if (error.trim()) {
      message = error.trim();
    }
  } else if (isRecord(error)) {
    if (typeof error.message === 'string') message = error.message;
    else if (error.message !== undefined && error.message !== null) message = JSON.stringify(error.message);
    addLabel(labels, error.code);
    if (isRecord(error.innererror)) addLabel(labels, error.innererror.code);
    if (isRecord(error.details)) addLabel(labels, error.details.error_code);
    addLabel(labels, error.type);
    statusHint = numericCode(error.code) ?? numericCode(error.status);
    if (typeof error.estimated_time === 'number') estimatedSeconds ??= error.estimated_time;
    // A message that is itself a JSON error (Ollama's /v1 relaying llama.cpp) holds the real labels.
    const embedded = message !== undefined && depth < 2 ? parseEmbeddedJson(message) : undefined;
    if (embedded) {
      const inner = readBody(embedded, depth + 1);
      message = inner.message ?? message;
      labels.unshift(...inner.labels.filter((label) => !labels.includes(label)));
      statusHint ??= inner.statusHint;
    }
  }
  if (message === undefined && typeof body.message === 'string') message = body.message;
  if (message === undefined) message = detailMessage(body.detail);
  addLabel(labels, body.code);
  addLabel(labels, body.type);
  addLabel(labels, body.error_type);
  statusHint ??= numericCode(body.code);
  return {
    ...(message?.trim() ? { message: message.trim() } : {}),
    labels,
    ...(statusHint === undefined ? {} : { statusHint }),
    ...(estimatedSeconds !== undefined && estimatedSeconds >= 0 ? { estimatedTimeMs: Math.ceil(estimatedSeconds * 1000) } : {}),
  };
}

/**
 * Reads an SDK error's message when no JSON body survived: the openai and Anthropic SDKs word
 * it `<status> <body text>`, or `<status> status code (no body)` when there was none.
 *
 * @example
 * ```ts
 * readSdkErrorMessage('502 <html>Bad gateway</html>'); // { message: '<html>Bad gateway</html>', labels: [] }
 * ```
 */
export function readSdkErrorMessage(message: string): VendorErrorBody {
  const text = message.replace(/^\d{3} /, '');
  return /status code \(no body\)$/.test(text) ? { labels: [] } : readBody(text, 0);
}
