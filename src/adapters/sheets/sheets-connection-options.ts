/**
 * Where a sheet is and how to read it (Sheets API v4 `spreadsheets.values.get`).
 *
 * @example
 * ```ts
 * const connection: SheetsConnectionOptions = {
 *   spreadsheetId: '1AbC…',
 *   range: 'Members!A1:H',
 *   auth: googleAuthClient, // anything with getAccessToken()
 * };
 * ```
 */
export interface SheetsConnectionOptions {
  /** The id in the sheet's URL: `docs.google.com/spreadsheets/d/<id>/edit`. */
  readonly spreadsheetId: string;
  /** A1 range whose first row is the header, e.g. `Members!A1:H` or just `Members`. */
  readonly range: string;
  /** An OAuth access token, or a function returning a fresh one. Give this or `auth`. */
  readonly accessToken?: string | (() => Promise<string>);
  /** The host's auth client (google-auth-library's `GoogleAuth`/`JWT` fit). Give this or `accessToken`. */
  readonly auth?: { getAccessToken(): Promise<string | { readonly token?: string | null } | null | undefined> };
  /**
   * The fetch to use.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * The API origin (point it at a fake in tests).
   * @default 'https://sheets.googleapis.com'
   */
  readonly baseUrl?: string;
  /**
   * Give up on a read after this many milliseconds (seed 000 used 30 s).
   * @default 30000
   */
  readonly timeoutMs?: number;
}
