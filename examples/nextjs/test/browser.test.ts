import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Route } from 'playwright-core';

const exampleDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Git-ignored (test-results/), so screenshots never end up in a commit.
const screenshotDirectory = path.join(exampleDirectory, 'test-results');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer within 60 s:\n${output()}`);
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The example's own API failing the way a server does: a status and its JSON error body. */
const failWith = (status: number, message: string) => (route: Route) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ error: { code: status === 503 ? 'unavailable' : 'internal', message } }) });

/** A request held until `release()`, so the loading state can be seen. */
function gate(): { readonly hold: (route: Route) => Promise<void>; readonly release: () => void } {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    hold: async (route) => {
      await opened;
      await route.continue();
    },
  };
}

/** A UI message stream (the AI SDK's server-sent events) as /api/chat answers, for page.route. */
const uiStream = (chunks: readonly object[], options: { readonly done?: boolean } = {}) => (route: Route) =>
  route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-vercel-ai-ui-message-stream': 'v1' },
    body: chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + (options.done === false ? '' : 'data: [DONE]\n\n'),
  });

/** The parts of a UI message stream body, in order. */
function parseUiStream(body: string): { readonly parts: { type: string; [key: string]: unknown }[]; readonly done: boolean } {
  const events = body
    .split('\n\n')
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
  return { parts: events.filter((event) => event !== '[DONE]').map((event) => JSON.parse(event) as { type: string }), done: events.at(-1) === '[DONE]' };
}

const path$ = (pathname: RegExp) => (url: URL) => pathname.test(url.pathname);
const ticketsApi = path$(/^\/api\/tickets$/);
const breakdownApi = path$(/^\/api\/tickets\/[^/]+\/score-breakdown$/);
const draftApi = path$(/^\/api\/tickets\/[^/]+\/draft$/);
const sessionApi = path$(/^\/api\/sessions\/[^/]+$/);

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  return box !== null && viewport !== null && box.y >= 0 && box.y < viewport.height && box.x >= 0 && box.x + box.width <= viewport.width + 1;
}

const errorColour = 'rgb(194, 65, 12)'; // --warn in globals.css

const devices = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, phone: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true },
] as const;

describe('the Next.js example in headless Chromium', () => {
  let server: ChildProcess;
  let browser: Browser;
  let baseUrl: string;
  let log = '';

  before(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) };
    // The test must never reach a real vendor.
    for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'HF_TOKEN']) delete env[key];
    server = spawn(process.execPath, [path.join(exampleDirectory, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
      cwd: exampleDirectory,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => (log += chunk));
    server.stderr?.on('data', (chunk) => (log += chunk));
    await waitForServer(baseUrl, server, () => log);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(screenshotDirectory, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('serves a favicon (no 404 on any page load)', async () => {
    const response = await fetch(`${baseUrl}/favicon.ico`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /image/);
  });

  it('POST /api/chat: a UI message stream on success, JSON with its status for errors found before the first chunk', async () => {
    const chat = (body: object) => fetch(`${baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await chat({ message: 'Do you ship to Canada?' });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-vercel-ai-ui-message-stream'), 'v1');
    const { parts, done } = parseUiStream(await first.text());
    assert.ok(done);
    const session = parts.find((part) => part.type === 'data-session') as { data: { sessionId: string } } | undefined;
    assert.match(session?.data.sessionId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(first.headers.get('x-session-id'), session!.data.sessionId);

    // The next turn names the session and crmkit continues it: the history is the server's.
    const second = await chat({ message: 'How do I return an item?', sessionId: session!.data.sessionId });
    assert.equal(second.status, 200);
    assert.ok(parseUiStream(await second.text()).parts.some((part) => part.type === 'text-delta'));
    const history = (await (await fetch(`${baseUrl}/api/sessions/${session!.data.sessionId}`)).json()) as { messages: { role: string; content: string }[] };
    assert.deepEqual(
      history.messages.filter((message) => message.role === 'user').map((message) => message.content),
      ['Do you ship to Canada?', 'How do I return an item?'],
    );

    const empty = await chat({ message: '   ' });
    assert.equal(empty.status, 400);
    assert.match(empty.headers.get('content-type') ?? '', /application\/json/);
    assert.match(((await empty.json()) as { error: { message: string } }).error.message, /message: must not be empty/);
    const unknown = await chat({ message: 'Hello?', sessionId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  for (const device of devices) {
    describe(`${device.name} (${device.viewport.width}×${device.viewport.height})`, () => {
      let context: BrowserContext;
      let page: Page;
      let pageErrors: string[];
      let notFound: string[];

      before(async () => {
        context = await browser.newContext({ viewport: device.viewport, ...(device.phone ? { isMobile: true, hasTouch: true } : {}) });
      });
      after(async () => {
        await context?.close();
      });

      async function openPage(setup?: (page: Page) => Promise<unknown>): Promise<Page> {
        await page?.close();
        page = await context.newPage();
        pageErrors = [];
        notFound = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        page.on('response', (response) => {
          if (response.status() === 404) notFound.push(response.url());
        });
        if (setup) await setup(page);
        await page.goto(baseUrl);
        return page;
      }

      it('inbox: loading, then the tickets in score order', async () => {
        const held = gate();
        await openPage((next) => next.route(ticketsApi, held.hold));
        await page.getByTestId('tickets-loading').waitFor();
        assert.equal(await page.getByTestId('tickets-error').count(), 0);
        held.release();
        const tickets = page.getByTestId('ticket');
        await tickets.first().waitFor();
        assert.equal(await page.getByTestId('tickets-loading').count(), 0, 'loading is gone once the tickets show');
        const scores = await tickets.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-score'))));
        assert.ok(scores.length >= 5, `expected the sample inbox, got ${scores.length} tickets`);
        assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'tickets are in descending score order');
        assert.equal(await tickets.first().getAttribute('data-ticket-id'), 'T-1001');
        assert.ok(await page.getByTestId('detail-empty').isVisible(), 'the detail says to select a ticket');
        assert.deepEqual(notFound, []);
      });

      it('inbox: an API error shows the error with a retry, never with "Loading…", and retry recovers', async () => {
        await openPage((next) => next.route(ticketsApi, failWith(500, 'Something went wrong on our side.')));
        const error = page.getByTestId('tickets-error');
        await error.waitFor();
        assert.match(await error.innerText(), /Couldn.t load the inbox/);
        assert.equal(await page.getByTestId('tickets-loading').count(), 0, 'no loading next to the error');
        assert.equal(await page.getByText('Loading', { exact: false }).count(), 0);
        await page.unroute(ticketsApi);
        await page.getByTestId('tickets-error-retry').click();
        await page.getByTestId('ticket').first().waitFor();
        assert.equal(await error.count(), 0);
      });

      it('inbox: an empty inbox says so instead of showing a blank list', async () => {
        await openPage((next) =>
          next.route(ticketsApi, (route) =>
            route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ tickets: [], pagination: { page: 1, limit: 50, total: 0, has_next: false, has_prev: false }, topic_alerts_active: [], matches: 0 }) }),
          ),
        );
        await page.getByTestId('tickets-empty').waitFor();
        assert.match(await page.getByTestId('tickets-empty').innerText(), /No open tickets/);
        assert.equal(await page.getByTestId('ticket').count(), 0);
      });

      it('detail: the breakdown shows without waiting for the draft; each failure has its own retry', async () => {
        const held = gate();
        await openPage((next) => next.route(draftApi, held.hold));
        await page.getByTestId('ticket').first().click();
        await page.locator('[data-testid="score-breakdown"][data-state="success"]').waitFor();
        assert.equal(await page.getByTestId('draft').getAttribute('data-state'), 'loading', 'the draft is still loading while the breakdown shows');
        assert.ok(await page.getByTestId('draft-loading').isVisible());
        if (device.phone) assert.ok(await inViewport(page, page.getByTestId('score-breakdown')), 'on a phone the opened ticket detail is scrolled into view');
        held.release();
        await page.getByTestId('draft-content').waitFor();

        await page.route(breakdownApi, failWith(500, 'Something went wrong on our side.'));
        await page.route(draftApi, failWith(503, 'The AI service is unavailable; try again shortly.'));
        await page.getByTestId('ticket').nth(1).click();
        await page.getByTestId('score-breakdown-error').waitFor();
        await page.getByTestId('draft-error').waitFor();
        assert.match(await page.getByTestId('draft-error').innerText(), /try again shortly/);
        assert.equal(await page.getByText('Gathering context', { exact: false }).count(), 0);
        await page.unroute(breakdownApi);
        await page.unroute(draftApi);
        await page.getByTestId('score-breakdown-error-retry').click();
        await page.getByTestId('draft-error-retry').click();
        await page.locator('[data-testid="score-breakdown"][data-state="success"]').waitFor();
        await page.getByTestId('draft-content').waitFor();
        assert.deepEqual(pageErrors, []);
      });

      it('chat: empty, failed send with retry, streamed answer, feedback and escalation failures surfaced, success not in the error colour', async () => {
        await openPage();
        await page.getByTestId('ticket').first().waitFor();
        await page.getByTestId('chat-open').click();
        await page.getByTestId('chat-empty').waitFor();
        assert.equal(await page.getByText('Talk to a human', { exact: true }).count(), 1, '"Talk to a human" appears once');
        assert.ok(await page.getByTestId('escalate').isDisabled(), 'no escalation before there is a conversation');

        await page.route('**/api/chat', failWith(503, 'The AI service is unavailable; try again shortly.'));
        await page.getByTestId('chat-input').fill('Where is my order #54321?');
        await page.getByTestId('chat-send').click();
        await page.getByTestId('chat-notice-error').waitFor();
        assert.match(await page.getByTestId('chat-notice-error').innerText(), /unavailable/);
        await page.unroute('**/api/chat');
        const chatResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/chat' && response.request().method() === 'POST');
        await page.getByTestId('chat-retry').click();
        const answer = page.getByTestId('message-assistant').last();
        await answer.waitFor();
        await page.waitForFunction(() => !document.querySelector('[data-testid="typing"]') && (document.querySelector('[data-testid="chat-input"]') as HTMLInputElement | null)?.disabled === false);
        await page.getByTestId('chat-input').fill('x');
        await page.waitForFunction(() => !(document.querySelector('[data-testid="chat-send"]') as HTMLButtonElement | null)?.disabled);
        assert.match(await answer.innerText(), /order/i);
        // The reply is grounded in the sample help center: its [1] links to the article it came from.
        assert.match((await answer.getByTestId('citation').first().getAttribute('href')) ?? '', /^https:\/\/help\.example\.com\/articles\//);
        assert.equal(await page.getByTestId('message-user').count(), 1, 'a retried message is not shown twice');
        assert.equal(await page.getByTestId('chat-notice-error').count(), 0);
        const sessionId = await page.evaluate(() => window.localStorage.getItem('crmkit.chat.sessionId'));
        assert.ok(sessionId, 'the session id is kept in localStorage');

        // What the page consumed is the AI SDK UI message stream that useChat reads, built from crmkit's stream.
        const streamed = await chatResponse;
        assert.deepEqual(streamed.request().postDataJSON(), { message: 'Where is my order #54321?', sessionId: null }, 'only the new message travels; crmkit keeps the history');
        assert.match(streamed.headers()['content-type'] ?? '', /^text\/event-stream/);
        assert.equal(streamed.headers()['x-vercel-ai-ui-message-stream'], 'v1');
        const { parts, done } = parseUiStream(await streamed.text());
        assert.ok(done, 'the stream ends with [DONE]');
        const types = parts.map((part) => part.type);
        assert.equal(types[0], 'start');
        assert.equal(types.at(-1), 'finish');
        assert.deepEqual(parts.find((part) => part.type === 'data-session'), { type: 'data-session', data: { sessionId }, transient: true });
        const cited = parts.find((part) => part.type === 'data-citations') as { data: { marker: number; title: string; url?: string }[] } | undefined;
        assert.ok(cited && cited.data.length > 0, 'the help-center citations travel as a data part');
        assert.equal(await answer.getByTestId('citation').first().innerText(), cited.data[0]!.title);
        assert.ok(types.indexOf('text-start') < types.indexOf('text-delta') && types.lastIndexOf('text-delta') < types.indexOf('text-end'));
        const text = parts.filter((part) => part.type === 'text-delta').map((part) => part.delta as string).join('');
        assert.match(text, /order/i);
        assert.ok((await answer.innerText()).replace(/\s+/g, ' ').startsWith(text.replace(/\s+/g, ' ').trim()), 'the bubble shows the streamed text');

        await page.route('**/feedback', failWith(500, 'Something went wrong on our side.'));
        await page.getByTestId('thumbs-up').click();
        await page.getByTestId('chat-notice-error').waitFor();
        assert.match(await page.getByTestId('chat-notice-error').innerText(), /feedback wasn.t saved/);
        const errorStyle = await page.getByTestId('chat-notice-error').evaluate((element) => getComputedStyle(element).color);
        assert.equal(errorStyle, errorColour);
        await page.unroute('**/feedback');
        const feedback = page.waitForResponse((response) => response.url().endsWith('/feedback') && response.request().method() === 'POST');
        await page.getByTestId('chat-retry').click();
        assert.equal((await feedback).status(), 200);
        await page.getByTestId('chat-notice-success').waitFor();

        await page.route('**/escalate', failWith(500, 'Something went wrong on our side.'));
        await page.getByTestId('escalate').click();
        await page.getByTestId('chat-notice-error').waitFor();
        assert.match(await page.getByTestId('chat-notice-error').innerText(), /couldn.t reach the team/);
        await page.unroute('**/escalate');
        await page.getByTestId('chat-retry').click();
        const success = page.getByTestId('chat-notice-success');
        await success.waitFor();
        assert.match(await success.innerText(), /team will pick this up/);
        assert.notEqual(await success.evaluate((element) => getComputedStyle(element).color), errorColour, 'escalation success is not in the error colour');
        assert.equal(await page.getByTestId('escalate').innerText(), 'Team notified');
        assert.equal(await page.getByText('Talk to a human', { exact: true }).count(), 0);

        // A failing restore after a reload says so and can be retried; then the conversation returns.
        await page.route(sessionApi, failWith(500, 'Something went wrong on our side.'));
        await page.reload();
        await page.getByTestId('chat-open').click();
        await page.getByTestId('chat-notice-error').waitFor();
        await page.unroute(sessionApi);
        await page.getByTestId('chat-retry').click();
        await page.getByTestId('message-assistant').first().waitFor();
        assert.match(await page.getByTestId('message-user').first().innerText(), /#54321/);
        assert.equal(await page.getByTestId('escalate').innerText(), 'Team notified', 'a restored conversation remembers it is with a person');
        assert.equal(await page.getByText('Escalated because', { exact: false }).count(), 0, 'the handoff note for agents is not shown to the customer');
        assert.deepEqual(pageErrors, []);
      });

      it('chat: useChat renders a UI message stream part by part, and a reply cut off midway keeps its text with a retry', async () => {
        // A context of its own: the made-up session below must not reach the other tests' storage.
        const own = await browser.newContext({ viewport: device.viewport, ...(device.phone ? { isMobile: true, hasTouch: true } : {}) });
        try {
          const chat = await own.newPage();
          const errors: string[] = [];
          chat.on('pageerror', (error) => errors.push(error.message));
          const session = '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
          const completeReply = uiStream([
            { type: 'start' },
            { type: 'data-session', data: { sessionId: session }, transient: true },
            { type: 'data-citations', id: 'citations', data: [{ marker: 1, title: 'Returns and refunds', url: 'https://help.example.com/articles/returns' }] },
            { type: 'text-start', id: 'reply' },
            { type: 'text-delta', id: 'reply', delta: 'Returns are free ' },
            { type: 'text-delta', id: 'reply', delta: 'within 30 days [1].' },
            { type: 'text-end', id: 'reply' },
            { type: 'finish', finishReason: 'stop' },
          ]);
          await chat.route('**/api/chat', completeReply);
          await chat.goto(baseUrl);
          await chat.getByTestId('chat-open').click();
          await chat.getByRole('button', { name: 'How do I return an item?' }).click();
          const reply = chat.getByTestId('message-assistant').last();
          await reply.getByTestId('citation').waitFor();
          assert.match(await reply.innerText(), /^Returns are free within 30 days \[1\]\./);
          assert.equal(await reply.getByTestId('citation').getAttribute('href'), 'https://help.example.com/articles/returns');
          assert.equal(await chat.evaluate(() => window.localStorage.getItem('crmkit.chat.sessionId')), session, 'the data-session part is kept in localStorage');
          assert.equal(await chat.getByText(session).count(), 0, 'the transient session part is not rendered');

          // Start over while the next reply is on its way: that reply (and its session) never lands.
          let releaseLate!: () => void;
          const late = new Promise<void>((resolve) => (releaseLate = resolve));
          let settleLate!: () => void;
          const lateSettled = new Promise<void>((resolve) => (settleLate = resolve));
          await chat.unroute('**/api/chat');
          await chat.route('**/api/chat', async (route) => {
            await late;
            await completeReply(route).catch(() => undefined); // the page aborted the request
            settleLate();
          });
          await chat.getByRole('button', { name: 'Do you ship to Canada?' }).click();
          await chat.getByTestId('typing').waitFor();
          await chat.getByRole('button', { name: 'Start over' }).click();
          await chat.getByTestId('chat-empty').waitFor();
          releaseLate();
          await lateSettled;
          await chat.getByTestId('chat-input').fill('x'); // a round trip through the page after the late reply
          assert.equal(await chat.getByTestId('message-assistant').count(), 0);
          assert.equal(await chat.getByTestId('message-user').count(), 0);
          assert.equal(await chat.getByTestId('chat-notice-error').count(), 0, 'stopping is not an error');
          assert.equal(await chat.evaluate(() => window.localStorage.getItem('crmkit.chat.sessionId')), null);
          await chat.getByTestId('chat-input').fill('');

          // A reply that breaks off midway: its text stays, marked, with a retry.
          await chat.unroute('**/api/chat');
          await chat.route(
            '**/api/chat',
            uiStream(
              [
                { type: 'start' },
                { type: 'text-start', id: 'reply' },
                { type: 'text-delta', id: 'reply', delta: 'Let me check on your parc' },
                { type: 'error', errorText: 'The reply was interrupted.' },
              ],
              { done: false },
            ),
          );
          await chat.getByRole('button', { name: 'Where is my order?' }).click();
          await chat.getByTestId('chat-notice-error').waitFor();
          assert.match(await chat.getByTestId('chat-notice-error').innerText(), /connection dropped/);
          assert.match(await chat.getByTestId('message-assistant').last().innerText(), /Let me check on your parc \(cut off\)/);
          await chat.unroute('**/api/chat');
          await chat.getByTestId('chat-retry').click();
          await chat.getByTestId('message-assistant').filter({ hasText: /order/i }).waitFor();
          await chat.getByTestId('chat-input').fill('x');
          await chat.waitForFunction(() => !(document.querySelector('[data-testid="chat-send"]') as HTMLButtonElement | null)?.disabled);
          assert.equal(await chat.getByTestId('chat-notice-error').count(), 0);
          assert.doesNotMatch(await chat.getByTestId('chat-messages').innerText(), /cut off|parc/);
          assert.equal(await chat.getByTestId('message-user').count(), 1, 'the retried message is not shown twice');
          assert.equal(await chat.getByTestId('message-assistant').count(), 1, 'the cut-off reply gave way to the full one');
          assert.match((await chat.evaluate(() => window.localStorage.getItem('crmkit.chat.sessionId'))) ?? '', /^[0-9a-f-]{36}$/);
          assert.deepEqual(errors, []);
        } finally {
          await own.close();
        }
      });

      it('screenshots: every key element visible, and the chat never covers the draft', async () => {
        await openPage();
        await page.getByTestId('ticket').first().click();
        await page.getByTestId('draft-content').waitFor();
        await page.screenshot({ path: path.join(screenshotDirectory, `${device.name}-inbox.png`), fullPage: true });
        for (const id of ['ticket-list', 'score-breakdown', 'draft', 'chat-open']) assert.ok(await page.getByTestId(id).isVisible(), `${id} is visible`);
        assert.ok(await inViewport(page, page.getByTestId('score-breakdown')), 'the opened ticket detail is in view');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);

        await page.getByTestId('chat-open').click();
        // The conversation of the chat test is restored (same browser storage), or the greeting shows.
        await page.locator('[data-testid="message-assistant"], [data-testid="chat-empty"]').first().waitFor();
        await page.screenshot({ path: path.join(screenshotDirectory, `${device.name}-chat-open.png`) });
        const chat = (await page.getByTestId('chat').boundingBox()) as Box;
        assert.ok(chat.x >= 0 && chat.x + chat.width <= device.viewport.width + 1 && chat.y >= 0 && chat.y + chat.height <= device.viewport.height + 1, 'the chat panel fits the screen');
        for (const id of ['chat-input', 'chat-send', 'escalate', 'thumbs-up']) assert.ok(await inViewport(page, page.getByTestId(id)), `${id} is on screen`);
        if (!device.phone) {
          // Desktop: the panel has its own column; the draft and breakdown are never under it.
          await page.waitForFunction(() => document.body.classList.contains('chat-open'));
          for (const id of ['draft', 'score-breakdown', 'ticket-list']) {
            const box = (await page.getByTestId(id).boundingBox()) as Box;
            assert.equal(overlaps(chat, box), false, `the chat panel overlaps ${id}`);
          }
        } else {
          // Phone: the chat is a full-screen sheet; closing it gives the ticket back, unchanged.
          assert.ok(chat.width >= device.viewport.width - 1, 'full width on a phone');
          await page.getByTestId('chat-close').click();
          assert.ok(await page.getByTestId('draft').isVisible());
        }
        assert.deepEqual(notFound, []);
        assert.deepEqual(pageErrors, []);
      });
    });
  }
});
