/**
 * Reads a range through the Sheets API v4 `spreadsheets.values.get`.
 *
 * @internal
 */
import { linkSignals, throwIfAborted } from '../../core/abort.js';
import { CrmKitError, sanitizeCause } from '../../core/errors.js';
import { AdapterError } from '../adapter-error.js';
import type { SheetsConnectionOptions } from './sheets-connection-options.js';

const adapter = 'google-sheets';

async function accessToken(options: SheetsConnectionOptions): Promise<string> {
  if (typeof options.accessToken === 'string') return options.accessToken;
  if (typeof options.accessToken === 'function') return options.accessToken();
  if (options.auth) {
    const token = await options.auth.getAccessToken();
    const text = typeof token === 'string' ? token : token?.token;
    if (text) return text;
    throw new AdapterError('The Sheets auth client returned no access token; check its credentials and scopes', { kind: 'auth', adapter });
  }
  throw new AdapterError('Google Sheets needs `accessToken` or `auth` (an object with getAccessToken(), e.g. a google-auth-library client)', { kind: 'auth', adapter });
}

/** The rows of the range, as text, header first. */
export async function fetchSheetValues(options: SheetsConnectionOptions, signal: AbortSignal | undefined): Promise<string[][]> {
  throwIfAborted(signal);
  const token = await accessToken(options);
  const base = (options.baseUrl ?? 'https://sheets.googleapis.com').replace(/\/+$/, '');
  const url = `${base}/v4/spreadsheets/${encodeURIComponent(options.spreadsheetId)}/values/${encodeURIComponent(options.range)}?majorDimension=ROWS&valueRenderOption=FORMATTED_VALUE`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const linked = linkSignals([signal, timeout]);
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: linked.signal });
  } catch (error) {
    throwIfAborted(signal);
    if (timeout.aborted) throw new AdapterError(`Google Sheets did not answer within ${options.timeoutMs ?? 30_000} ms`, { kind: 'timeout', adapter });
    throw new AdapterError('Could not reach the Google Sheets API (network error); the call can be retried', { kind: 'unavailable', adapter, cause: sanitizeCause(error, [token]) });
  } finally {
    linked.dispose();
  }
  if (!response.ok) {
    let detail = '';
    try {
      const body = (await response.json()) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') detail = `: ${body.error.message.slice(0, 300)}`;
    } catch {
      // A non-JSON error page; the status says enough.
    }
    const status = response.status;
    const [kind, hint]: [AdapterError['kind'], string] =
      status === 401 || status === 403
        ? ['auth', 'check that the token has the spreadsheets.readonly scope and that the sheet is shared with its account']
        : status === 404
          ? ['not_found', 'check `spreadsheetId`']
          : status === 429 || status >= 500
            ? ['unavailable', 'the call can be retried']
            : ['invalid_state', 'check `range` (e.g. "Members!A1:H")'];
    throw new AdapterError(`Google Sheets answered ${status}${detail} (${hint})`, { kind, adapter, retryable: kind === 'unavailable' });
  }
  let body: { values?: unknown };
  try {
    body = (await response.json()) as { values?: unknown };
  } catch (error) {
    if (CrmKitError.isInstance(error)) throw error;
    throw new AdapterError('Google Sheets returned a body that is not JSON', { kind: 'invalid_data', adapter });
  }
  if (body.values === undefined) return [];
  if (!Array.isArray(body.values) || !body.values.every(Array.isArray)) {
    throw new AdapterError('Google Sheets returned `values` that are not rows of cells', { kind: 'invalid_data', adapter });
  }
  return (body.values as unknown[][]).map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
}
