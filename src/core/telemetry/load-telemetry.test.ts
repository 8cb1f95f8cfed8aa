import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { instrumentProvider } from '../../providers/telemetry/with-telemetry.js';
import { resolveTelemetry } from './load-telemetry.js';

const notInstalled = (): Promise<never> => Promise.reject(Object.assign(new Error("Cannot find package '@opentelemetry/api' imported from crmkit"), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('resolveTelemetry', () => {
  it('is undefined when off: nothing to load, nothing to pay', () => {
    expect(resolveTelemetry(undefined, 'x')).toBeUndefined();
    expect(resolveTelemetry(false, 'x')).toBeUndefined();
  });

  it('names the option and the fix for a malformed value', () => {
    expect(() => resolveTelemetry('on' as never, 'createCrmAssistant options')).toThrow(/telemetry.*true, false or \{ tracer, meter/);
    expect(() => resolveTelemetry({ redact: 'yes' as never }, 'createCrmAssistant options')).toThrow(ValidationError);
  });

  it('says what to install when @opentelemetry/api is missing, on the first call that needs it, and tries again on the next', async () => {
    let imports = 0;
    const handle = resolveTelemetry(true, 'createCrmAssistant options', () => {
      imports++;
      return notInstalled();
    });
    const error = await handle?.load().catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([{ path: 'telemetry', message: expect.stringContaining('npm install @opentelemetry/api') }]);
    await handle?.load().catch(() => undefined);
    expect(imports).toBe(2);

    const traced = instrumentProvider(createMockProvider({ reply: 'hi' }), resolveTelemetry({}, 'withTelemetry options', notInstalled)!);
    await expect(traced.generate({ messages: [{ role: 'user', content: 'Hi' }] })).rejects.toThrow(/npm install @opentelemetry\/api/);
    await expect(traced.stream({ messages: [{ role: 'user', content: 'Hi' }] }).text).rejects.toThrow(/npm install @opentelemetry\/api/);
  });
});
