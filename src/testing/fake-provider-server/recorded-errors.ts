/**
 * Error responses of OpenAI-compatible servers and gateways, written in each server's own shape
 * as its public source, documentation or issue tracker shows it (`source`). The fake provider
 * server replays them (`fake.recorded(name)`) and the vendor mappers are tested against them.
 */
export interface RecordedError {
  /** Which server answers like this. */
  readonly server: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON, or as is when a string. */
  readonly body: unknown;
  /** Where the shape can be checked. */
  readonly source: string;
}

const llamaCppOverflow = JSON.stringify({
  error: {
    code: 400,
    message: 'request (2622 tokens) exceeds the available context size (512 tokens), try increasing it',
    type: 'exceed_context_size_error',
    n_prompt_tokens: 2622,
    n_ctx: 512,
  },
});

/**
 * The error responses of OpenAI-compatible servers and gateways that `fake.recorded` replays,
 * each in that server's own shape:
 *
 * | name | status | what a crmkit provider makes of it |
 * |---|---|---|
 * | `hf-router-loading` | 503 `{"error", "estimated_time": 20}` | `overloaded`, `retryAfterMs` 20,000 |
 * | `hf-router-busy` | 503 `{"error": "Model too busy…"}` | `overloaded`, message kept |
 * | `hf-router-context-length` | 422 `{"error", "error_type": "validation"}` | `context_length` |
 * | `hf-router-credits` | 402 `{"error": "…monthly included credits…"}` | `quota_exhausted` |
 * | `hf-router-relayed-quota` | 429 OpenAI-format `insufficient_quota` | `quota_exhausted`, not retryable |
 * | `vllm-context-length` | 400 `{"object": "error", "message", "code": 400}` | `context_length` |
 * | `vllm-context-length-nested` | 400 `{"error": {"type": "BadRequestError"}}` | `context_length` |
 * | `ollama-context-length` | 400 `{"error": "the input length exceeds the context length"}` | `context_length` |
 * | `ollama-context-length-llamacpp` | 400 llama.cpp's JSON inside the `error` string | `context_length` |
 * | `ollama-v1-context-length` | 400 OpenAI-format, `invalid_request_error` | `context_length` |
 * | `lmstudio-context-length` | 400 `{"error": "Trying to keep the first…"}` | `context_length` |
 * | `together-credit-limit` | 402 `credit_limit` | `quota_exhausted` |
 * | `together-rate-limited` | 429 `credit_limit` | `rate_limited` |
 * | `groq-context-length` | 400 `context_length_exceeded` | `context_length` |
 * | `groq-rate-limited` | 429 `tokens` / `rate_limit_exceeded`, `retry-after: 10` | `rate_limited`, 10,000 ms |
 * | `openrouter-credits` | 402 `{"error": {"code": 402}}` | `quota_exhausted` |
 * | `azure-content-filter` | 400 `content_filter` + `innererror` | `content_filter` |
 * | `fastapi-detail-list` | 422 `{"detail": [{"loc", "msg"}]}` | `invalid_request`, message from `msg` |
 * | `fastapi-detail-string` | 503 `{"detail": "…"}` | `overloaded`, message kept |
 *
 * @example
 * ```ts
 * server.enqueue(fake.recorded('hf-router-loading'), fake.reply('Warm now.'));
 * ```
 */
export type FakeRecordedErrorName =
  | 'hf-router-loading'
  | 'hf-router-busy'
  | 'hf-router-context-length'
  | 'hf-router-credits'
  | 'hf-router-relayed-quota'
  | 'vllm-context-length'
  | 'vllm-context-length-nested'
  | 'ollama-context-length'
  | 'ollama-context-length-llamacpp'
  | 'ollama-v1-context-length'
  | 'lmstudio-context-length'
  | 'together-credit-limit'
  | 'together-rate-limited'
  | 'groq-context-length'
  | 'groq-rate-limited'
  | 'openrouter-credits'
  | 'azure-content-filter'
  | 'fastapi-detail-list'
  | 'fastapi-detail-string';

/** Every recorded error, by scenario name. */
export const recordedErrors = {
  'hf-router-loading': {
    server: 'Hugging Face router / Inference API: a cold model',
    status: 503,
    body: { error: 'Model meta-llama/Llama-3.1-8B-Instruct is currently loading', estimated_time: 20.0 },
    source: 'huggingface/huggingface_hub: InferenceClient "estimated_time" handling; api-inference docs "Model is currently loading"',
  },
  'hf-router-busy': {
    server: 'Hugging Face router: plain-string error',
    status: 503,
    body: { error: 'Model too busy, unable to get response in less than 60 second(s)' },
    source: 'huggingface/text-generation-inference issues: "Model too busy, unable to get response in less than 60 second(s)"',
  },
  'hf-router-context-length': {
    server: 'Hugging Face router / TGI: input validation',
    status: 422,
    body: {
      error: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 3900 `inputs` tokens and 500 `max_new_tokens`',
      error_type: 'validation',
    },
    source: 'huggingface/text-generation-inference router/src/validation.rs (MaxTotalTokens)',
  },
  'hf-router-credits': {
    server: 'Hugging Face router: credits used up',
    status: 402,
    body: { error: 'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.' },
    source: 'huggingface/huggingface.js issues: 402 "exceeded your monthly included credits"',
  },
  'hf-router-relayed-quota': {
    server: 'Hugging Face router relaying an OpenAI-format provider 429',
    status: 429,
    body: {
      error: {
        message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    },
    source: 'openai/openai-python issues: 429 insufficient_quota body',
  },
  'vllm-context-length': {
    server: 'vLLM (OpenAI-compatible server, ErrorResponse)',
    status: 400,
    body: {
      object: 'error',
      message:
        "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4096 in the messages, 1024 in the completion). Please reduce the length of the messages or completion.",
      type: 'BadRequestError',
      param: null,
      code: 400,
    },
    source: 'vllm-project/vllm issues #4667, #20409: BadRequestError with object "error"',
  },
  'vllm-context-length-nested': {
    server: 'vLLM ≥ 0.10 (error wrapped in "error")',
    status: 400,
    body: {
      error: {
        message:
          "'max_tokens' or 'max_completion_tokens' is too large: 1024. This model's maximum context length is 4096 tokens and your request has 3500 input tokens (1024 > 4096 - 3500).",
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    },
    source: 'vllm-project/vllm entrypoints/openai/protocol.py ErrorResponse(error=ErrorInfo)',
  },
  'ollama-context-length': {
    server: 'Ollama native API (0.12)',
    status: 400,
    body: { error: 'the input length exceeds the context length' },
    source: 'ollama/ollama: llm/server.go; ollama issues "the input length exceeds the context length (status code: 400)"',
  },
  'ollama-context-length-llamacpp': {
    server: 'Ollama ≥ 0.34 relaying llama.cpp server (JSON inside the error string)',
    status: 400,
    body: { error: llamaCppOverflow },
    source: 'ggml-org/llama.cpp tools/server: exceed_context_size_error; relayed as a string by Ollama',
  },
  'ollama-v1-context-length': {
    server: 'Ollama OpenAI-compatible endpoint (/v1/chat/completions)',
    status: 400,
    body: { error: { message: 'the input length exceeds the context length', type: 'invalid_request_error', param: null, code: null } },
    source: 'ollama/ollama openai/openai.go NewError (400 → invalid_request_error)',
  },
  'lmstudio-context-length': {
    server: 'LM Studio local server',
    status: 400,
    body: {
      error:
        'Trying to keep the first 6547 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input',
    },
    source: 'lmstudio-ai/lmstudio-bug-tracker #237, #546',
  },
  'together-credit-limit': {
    server: 'Together AI: credits used up',
    status: 402,
    body: {
      id: 'o3LiXw4-62bZhn-96040daf687810ab',
      error: {
        message: 'Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade your plan.',
        type: 'credit_limit',
        param: null,
        code: null,
      },
    },
    source: 'expectedparrot/edsl #2098 (Together 402 credit_limit)',
  },
  'together-rate-limited': {
    server: 'Together AI: rate limit (same `credit_limit` type)',
    status: 429,
    body: {
      error: {
        message: 'You have been rate limited. Your rate limit is 60 queries per minute. Please navigate to https://api.together.xyz/settings/billing to upgrade to a paid plan.',
        type: 'credit_limit',
        param: null,
        code: null,
      },
    },
    source: 'togethercomputer/MoA #27',
  },
  'groq-context-length': {
    server: 'Groq',
    status: 400,
    body: { error: { message: 'Please reduce the length of the messages or completion.', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
    source: 'Groq API errors (context_length_exceeded)',
  },
  'groq-rate-limited': {
    server: 'Groq: tokens per minute',
    status: 429,
    headers: { 'retry-after': '10' },
    body: {
      error: {
        message:
          'Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01fake` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5795, Requested 1200. Please try again in 9.95s.',
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    },
    source: 'Groq API rate limits (type "tokens", code rate_limit_exceeded, retry-after)',
  },
  'openrouter-credits': {
    server: 'OpenRouter: credits used up (numeric code)',
    status: 402,
    body: { error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 } },
    source: 'Gitlawb/openclaude #43; continuedev/continue #10877',
  },
  'azure-content-filter': {
    server: 'Azure OpenAI: prompt filtered',
    status: 400,
    body: {
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: {
            hate: { filtered: false, severity: 'safe' },
            self_harm: { filtered: false, severity: 'safe' },
            sexual: { filtered: false, severity: 'safe' },
            violence: { filtered: true, severity: 'medium' },
          },
        },
      },
    },
    source: 'openai/openai-dotnet #55; compl-ai/compl-ai #20',
  },
  'fastapi-detail-list': {
    server: 'A FastAPI server (validation error list)',
    status: 422,
    body: { detail: [{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: { model: 'local' } }] },
    source: 'FastAPI RequestValidationError response',
  },
  'fastapi-detail-string': {
    server: 'A FastAPI server (HTTPException detail)',
    status: 503,
    body: { detail: 'Model worker is restarting, try again shortly' },
    source: 'FastAPI HTTPException response',
  },
} as const satisfies Readonly<Record<FakeRecordedErrorName, RecordedError>>;
