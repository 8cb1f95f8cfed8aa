import { describe, expect, it } from 'vitest';
import { classifyVendorError } from './classify-vendor-error.js';
import { readSdkErrorMessage, readVendorErrorBody } from './read-vendor-error-body.js';

const kindOf = (status: number | undefined, body: unknown) => {
  const read = readVendorErrorBody(body);
  return classifyVendorError({ status, labels: read.labels, message: read.message, statusHint: read.statusHint, loading: read.estimatedTimeMs !== undefined });
};

describe('readVendorErrorBody', () => {
  it('reads every shape: string error, error object, top-level message, detail string and list, plain text', () => {
    expect(readVendorErrorBody({ error: 'Model gpt2 is currently loading', estimated_time: 20.5 })).toEqual({ message: 'Model gpt2 is currently loading', labels: [], estimatedTimeMs: 20_500 });
    expect(readVendorErrorBody({ error: { message: 'Nope', type: 'invalid_request_error', code: 'invalid_value' } })).toEqual({ message: 'Nope', labels: ['invalid_value', 'invalid_request_error'] });
    expect(readVendorErrorBody({ object: 'error', message: 'Too long', type: 'BadRequestError', code: 400 })).toEqual({ message: 'Too long', labels: ['BadRequestError'], statusHint: 400 });
    expect(readVendorErrorBody({ detail: 'Not Found' }).message).toBe('Not Found');
    expect(readVendorErrorBody({ detail: [{ loc: ['body', 'temperature'], msg: 'must be >= 0' }, 'odd'] }).message).toBe('body.temperature: must be >= 0; "odd"');
    expect(readVendorErrorBody('  <html>Bad gateway</html> ')).toEqual({ message: '<html>Bad gateway</html>', labels: [] });
    expect(readVendorErrorBody(null)).toEqual({ labels: [] });
  });

  it('reads the labels of Anthropic and Azure bodies, most specific first', () => {
    const anthropic = { type: 'error', error: { type: 'rate_limit_error', message: 'Spend limit reached', details: { error_code: 'enforced_spend_limit_reached' } } };
    expect(readVendorErrorBody(anthropic).labels).toEqual(['enforced_spend_limit_reached', 'rate_limit_error']);
    const azure = { error: { code: 'content_filter', message: 'filtered', innererror: { code: 'ResponsibleAIPolicyViolation' } } };
    expect(readVendorErrorBody(azure).labels).toEqual(['content_filter', 'ResponsibleAIPolicyViolation']);
  });

  it('opens JSON relayed inside a string (Ollama relaying llama.cpp), in the error or in its message', () => {
    const inner = JSON.stringify({ error: { code: 400, message: 'request (9000 tokens) exceeds the available context size (8192 tokens)', type: 'exceed_context_size_error' } });
    for (const body of [{ error: inner }, { error: { message: inner, type: 'api_error', code: null } }]) {
      const read = readVendorErrorBody(body);
      expect(read.message).toContain('exceeds the available context size');
      expect(read.labels[0]).toBe('exceed_context_size_error');
    }
  });

  it('reads what an SDK kept of a body that was not JSON', () => {
    expect(readSdkErrorMessage('502 upstream connect error')).toEqual({ message: 'upstream connect error', labels: [] });
    expect(readSdkErrorMessage('503 status code (no body)')).toEqual({ labels: [] });
  });
});

describe('classifyVendorError: labels first, wording last', () => {
  it('lets a label decide whatever the status and wording', () => {
    expect(kindOf(429, { error: { message: 'Rate limit reached', type: 'insufficient_quota', code: 'insufficient_quota' } })).toBe('quota_exhausted');
    expect(kindOf(400, { error: { message: 'Bad request', code: 'content_filter' } })).toBe('content_filter');
    expect(kindOf(500, { error: { message: 'boom', code: 'context_length_exceeded' } })).toBe('context_length');
    expect(kindOf(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toBe('overloaded');
  });

  it('keeps a rate-limit label a rate limit, even when the message mentions the prompt length', () => {
    const anthropic = { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit. Please reduce the prompt length or the maximum tokens requested, or try again later.' } };
    expect(kindOf(429, anthropic)).toBe('rate_limited');
    expect(kindOf(429, { type: 'error', error: { type: 'rate_limit_error', message: 'You have reached your specified API usage limits.' } })).toBe('quota_exhausted');
  });

  it('reads errors inside a stream by their labels, echoed status and wording', () => {
    expect(kindOf(undefined, { error: { message: 'Rate limit exceeded: free-models-per-day', code: 429 } })).toBe('rate_limited');
    expect(kindOf(undefined, { error: 'Model is overloaded', error_type: 'overloaded' })).toBe('overloaded');
    expect(kindOf(undefined, { error: 'Input validation error: `temperature` must be strictly positive', error_type: 'validation' })).toBe('invalid_request');
    expect(kindOf(undefined, { error: { message: 'The server had an error', type: 'server_error' } })).toBe('server');
  });

  it('falls back to the status for bodies that say nothing specific', () => {
    expect(kindOf(401, { error: 'Invalid credentials' })).toBe('auth');
    expect(kindOf(404, { detail: 'Not Found' })).toBe('invalid_request');
    expect(kindOf(502, '<html>Bad gateway</html>')).toBe('server');
    expect(kindOf(503, {})).toBe('overloaded');
  });
});
