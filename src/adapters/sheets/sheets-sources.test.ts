import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Extending crmkit's own row schema needs fields from the same zod API it is built with (`zod/v4`,
// in zod 4 and in zod 3.25); a host on zod 3's classic API writes its whole schema instead.
import { z as zodV4 } from 'zod/v4';
import type { AdapterError } from '../adapter-error.js';
import { gatherTicketContext } from '../gather-ticket-context.js';
import { createCsvMemberSource } from './create-csv-member-source.js';
import { createCsvTicketSource } from './create-csv-ticket-source.js';
import { createSheetsMemberSource } from './create-sheets-member-source.js';
import { createSheetsTicketSource } from './create-sheets-ticket-source.js';
import { memberRowSchema } from './member-row-schema.js';
import type { RejectedRow } from './tabular-load.js';

const token = 'ya29.test-access-token-1234567890';

/** Rows as the Sheets API returns them: trailing blank cells omitted. */
const memberRows = [
  ['Member ID', 'Name', 'Lead Status', 'Follow-up Date', 'Phone', 'Care Level'],
  ['MID-2025-11-03-11592', 'R. Patel', 'Follow-up', '2025-11-21', '+1 555 0100', 'High'],
  ['MID-2025-11-03-8253', 'A. Gomez', 'New', '2025/11/24'],
  ['MID-2025-11-04-38351', '', 'Follow-up', '2025-11-18'],
  [],
  ['', 'No Id', 'New', '2025-11-21'],
  ['MID-2025-11-05-1', 'Bad Date', 'Contacted', '21st of November'],
  ['MID-2025-11-05-2', 'C. Lee', 'Converted'],
];

const ticketRows = [
  ['Ticket ID', 'Customer ID', 'Channel', 'Status', 'Priority', 'Subject', 'Body', 'Tags', 'Sentiment', 'Order ID', 'Created At'],
  ['t1', 'c1', 'Email', 'resolved', 'normal', 'Wrong size', 'The shoes are too small', 'returns, sizing', '0.6', '', '2025-09-01T09:00:00Z'],
  ['t2', 'c1', 'email', 'open', 'urgent', 'Order not delivered', 'My order #54321 has not arrived yet', 'shipping', '0.2', 'o1', '2025-11-21T09:00:00Z'],
  ['t3', 'c2', 'fax', 'open', '', 'Hello', 'Anyone?', '', '', '', '2025-11-20'],
  ['t4', 'c2', 'chat', 'pending', 'high', 'Refund', 'Where is my refund?', 'billing', '2', '', 'yesterday'],
];

interface Recorded {
  url: string;
  authorization: string | undefined;
}

describe('Google Sheets sources (against a loopback fake of the Sheets API v4)', () => {
  const requests: Recorded[] = [];
  let server: http.Server;
  let baseUrl = '';
  const sheets: Record<string, Record<string, string[][]>> = { crm: { Members: memberRows, Tickets: ticketRows } };

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
      const match = /^\/v4\/spreadsheets\/([^/]+)\/values\/([^?]+)\?/.exec(request.url ?? '');
      const send = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
      const sheet = match && sheets[decodeURIComponent(match[1]!)];
      if (!sheet) return send(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
      const range = decodeURIComponent(match[2]!);
      if (range === 'Throttled') return send(429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } });
      const values = sheet[range.split('!')[0]!];
      if (!values) return send(400, { error: { code: 400, message: `Unable to parse range: ${range}`, status: 'INVALID_ARGUMENT' } });
      if (range.startsWith('Empty')) return send(200, { range, majorDimension: 'ROWS' });
      return send(200, { range, majorDimension: 'ROWS', values });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sheets.crm!.Empty = [];
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const memberSource = (overrides: Partial<Parameters<typeof createSheetsMemberSource>[0]> = {}) => {
    const rejected: RejectedRow[][] = [];
    const source = createSheetsMemberSource({ tenantId: 'care', spreadsheetId: 'crm', range: 'Members!A1:H', accessToken: token, baseUrl, onRejectedRows: (rows) => rejected.push([...rows]), ...overrides });
    return { source, rejected };
  };

  it('maps the header row to typed members and sends the token as a bearer header', async () => {
    const { source } = memberSource();
    const members = await source.list('care');
    expect(members.map((member) => member.id)).toEqual(['MID-2025-11-03-11592', 'MID-2025-11-03-8253', 'MID-2025-11-04-38351', 'MID-2025-11-05-2']);
    expect(members[0]).toEqual({
      id: 'MID-2025-11-03-11592',
      tenantId: 'care',
      name: 'R. Patel',
      leadStatus: 'Follow-up',
      followUpDate: '2025-11-21',
      phone: '+1 555 0100',
      extra: { 'Care Level': 'High' },
    });
    expect(members[1]?.followUpDate).toBe('2025-11-24');
    expect(members[2]?.name).toBeUndefined();
    expect(requests.at(-1)).toEqual({ url: '/v4/spreadsheets/crm/values/Members!A1%3AH?majorDimension=ROWS&valueRenderOption=FORMATTED_VALUE', authorization: `Bearer ${token}` });
  });

  it('reports rows that fail validation with row numbers and fields, never cell values', async () => {
    const { source, rejected } = memberSource();
    const { records, rejected: reported } = await source.load();
    expect(records).toHaveLength(4);
    expect(reported).toEqual([
      { row: 6, issues: [{ path: 'id', message: 'Expected a member id' }] },
      { row: 7, issues: [{ path: 'followUpDate', message: 'Expected a date YYYY-MM-DD; override `schema` to accept another format' }] },
    ]);
    expect(rejected).toEqual([reported]);
    expect(JSON.stringify(reported)).not.toMatch(/Bad Date|21st/);
  });

  it('filters by follow-up window and lead status, and by tenant', async () => {
    const { source } = memberSource();
    expect((await source.list('care', { followUpTo: '2025-11-21' })).map((member) => member.id)).toEqual(['MID-2025-11-03-11592', 'MID-2025-11-04-38351']);
    expect((await source.list('care', { followUpFrom: '2025-11-21', followUpTo: '2025-11-21' })).map((member) => member.id)).toEqual(['MID-2025-11-03-11592']);
    expect((await source.list('care', { leadStatus: ['new'] })).map((member) => member.id)).toEqual(['MID-2025-11-03-8253']);
    expect((await source.get('care', 'MID-2025-11-05-2'))?.leadStatus).toBe('Converted');
    expect(await source.list('other-tenant')).toEqual([]);
    expect(await source.get('other-tenant', 'MID-2025-11-05-2')).toBeUndefined();
  });

  it('takes a host schema and column mapping', async () => {
    const { source } = memberSource({
      columns: { care_level: 'notes' },
      schema: memberRowSchema.extend({ followUpDate: zodV4.string().optional() }),
    });
    const members = await source.list('care');
    // The free-form date is now accepted; the row without an id still is not.
    expect(members).toHaveLength(5);
    expect(members.find((member) => member.id === 'MID-2025-11-05-1')?.followUpDate).toBe('21st of November');
    expect(members[0]?.notes).toBe('High');
    expect(members[0]?.extra).toBeUndefined();
  });

  it('gets a token from the host auth client (google-auth-library shape)', async () => {
    const { source } = memberSource({ accessToken: undefined, auth: { getAccessToken: async () => ({ token }) } });
    expect(await source.list('care')).toHaveLength(4);
  });

  it('shares concurrent reads and caches for cacheTtlMs', async () => {
    let now = 0;
    const { source } = memberSource({ cacheTtlMs: 60_000, clock: { now: () => now } });
    const before = requests.length;
    await Promise.all([source.list('care'), source.list('care'), source.get('care', 'x')]);
    expect(requests.length - before).toBe(1);
    now = 59_999;
    await source.list('care');
    expect(requests.length - before).toBe(1);
    now = 60_000;
    await source.list('care');
    expect(requests.length - before).toBe(2);
  });

  it('turns API failures into AdapterErrors that say what to fix, without the token', async () => {
    const failure = async (overrides: Partial<Parameters<typeof createSheetsMemberSource>[0]>): Promise<AdapterError> =>
      (await memberSource(overrides).source.list('care').catch((caught: unknown) => caught)) as AdapterError;
    const auth = await failure({ accessToken: 'ya29.wrong-token-abcdefghijkl' });
    expect(auth).toMatchObject({ kind: 'auth', retryable: false });
    expect(auth.message).toMatch(/401.*spreadsheets\.readonly/);
    expect(auth.message).not.toContain('ya29');
    expect(await failure({ spreadsheetId: 'missing' })).toMatchObject({ kind: 'not_found' });
    expect(await failure({ range: 'Throttled' })).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(await failure({ range: 'Nope!A1' })).toMatchObject({ kind: 'invalid_state', message: expect.stringMatching(/Unable to parse range/) });
    expect(await failure({ baseUrl: 'http://127.0.0.1:1' })).toMatchObject({ kind: 'unavailable' });
    expect(await failure({ accessToken: undefined })).toMatchObject({ kind: 'auth', message: expect.stringMatching(/`accessToken` or `auth`/) });
    await expect(memberSource({ range: 'Empty' }).source.list('care')).resolves.toEqual([]);
  });

  it('rejects as aborted when the signal has fired', async () => {
    const { source } = memberSource();
    await expect(source.list('care', { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('reads tickets, reports bad rows, and feeds gatherTicketContext', async () => {
    const rejected: RejectedRow[][] = [];
    const tickets = createSheetsTicketSource({ tenantId: 'acme', spreadsheetId: 'crm', range: 'Tickets', accessToken: token, baseUrl, onRejectedRows: (rows) => rejected.push([...rows]) });
    const open = await tickets.list('acme', { status: ['open'] });
    expect(open.map((ticket) => [ticket.id, ticket.channel, ticket.priority, ticket.tags, ticket.sentiment, ticket.orderId])).toEqual([['t2', 'email', 'urgent', ['shipping'], 0.2, 'o1']]);
    expect(open[0]?.createdAt).toEqual(new Date('2025-11-21T09:00:00Z'));
    expect(rejected[0]?.map((row) => [row.row, row.issues.map((issue) => issue.path)])).toEqual([
      [4, ['channel']],
      [5, ['sentiment', 'createdAt']],
    ]);
    const context = await gatherTicketContext({ ticket: open[0]!, sources: { tickets } });
    expect(context.pastTickets?.map((ticket) => ticket.id)).toEqual(['t1']);
  });
});

describe('CSV sources', () => {
  const csv = ['Member ID,Name,Lead Status,Follow-up Date,Notes', 'MID-1,"Patel, R.",Follow-up,2025-11-21,"said ""call after 5"""', 'MID-2,Gomez,New,', ',Nobody,New,2025-11-21', ''].join('\r\n');
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'crmkit-csv-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('parses quoted CSV text into members and reports bad rows', async () => {
    const rejected: RejectedRow[][] = [];
    const members = createCsvMemberSource({ tenantId: 'care', text: `\uFEFF${csv}`, onRejectedRows: (rows) => rejected.push([...rows]) });
    const listed = await members.list('care');
    expect(listed.map((member) => [member.id, member.name, member.followUpDate, member.notes])).toEqual([
      ['MID-1', 'Patel, R.', '2025-11-21', 'said "call after 5"'],
      ['MID-2', 'Gomez', undefined, undefined],
    ]);
    expect(rejected).toEqual([[{ row: 4, issues: [{ path: 'id', message: 'Expected a member id' }] }]]);
  });

  it('reads a file path, and explains a missing file or malformed CSV', async () => {
    const file = path.join(directory, 'tickets.csv');
    await writeFile(file, 'id,channel,subject,body,created_at,customer_id\nt1,sms,Hi,Where is it?,2025-11-20T10:00:00Z,c1\n');
    const tickets = createCsvTicketSource({ tenantId: 'acme', path: file });
    expect((await tickets.get('acme', 't1'))?.channel).toBe('sms');
    expect(await tickets.pastTickets('acme', 'c1', { excludeTicketId: 't1' })).toEqual([]);
    await expect(createCsvTicketSource({ tenantId: 'acme', path: path.join(directory, 'nope.csv') }).list('acme')).rejects.toMatchObject({ kind: 'not_found', message: expect.stringMatching(/`path`/) });
    await expect(createCsvMemberSource({ tenantId: 'care', text: 'id,lead_status\n"MID-1,New\n' }).list('care')).rejects.toMatchObject({ kind: 'invalid_data' });
  });

  it('reports rejected rows to the logger (row numbers only), and writes nothing to the console by default', async () => {
    const lines: [Record<string, unknown>, string | undefined][] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (object: Record<string, unknown>, message?: string) => lines.push([object, message]), error: () => undefined };
    await createCsvMemberSource({ tenantId: 'care', text: csv, logger }).list('care');
    expect(lines).toEqual([[{ source: 'CSV member source', rejectedRows: 1, rows: [4] }, expect.stringMatching(/CSV member source: 1 row\(s\) failed validation .*rows 4/)]]);
    expect(JSON.stringify(lines)).not.toContain('Nobody');
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await createCsvMemberSource({ tenantId: 'care', text: csv }).list('care');
    } finally {
      console.warn = original;
    }
    expect(warnings).toEqual([]);
  });
});
