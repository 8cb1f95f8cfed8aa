import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

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
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('shows the inbox in score order, opens a ticket, and streams a chat answer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(baseUrl);

    const tickets = page.getByTestId('ticket');
    await tickets.first().waitFor();
    const scores = (await tickets.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-score')))));
    assert.ok(scores.length >= 5, `expected the sample inbox, got ${scores.length} tickets`);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'tickets are in descending score order');
    assert.equal(await tickets.first().getAttribute('data-ticket-id'), 'T-1001');

    await tickets.first().click();
    await page.getByTestId('score-breakdown').waitFor();
    await page.getByTestId('draft-content').waitFor();
    assert.match(await page.getByTestId('draft-content').innerText(), /\S/);

    await page.getByTestId('chat-open').click();
    await page.getByTestId('chat-input').fill('Where is my order #54321?');
    await page.getByTestId('chat-send').click();
    const answer = page.getByTestId('message-assistant').last();
    await answer.waitFor();
    // Streaming ends when the send button is usable again.
    await page.getByTestId('chat-input').fill('x');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="chat-send"]') as HTMLButtonElement | null)?.disabled);
    assert.match(await answer.innerText(), /order/i);
    // The reply is grounded in the sample help center: its [1] links to the article it came from.
    assert.match((await answer.getByTestId('citation').first().getAttribute('href')) ?? '', /^https:\/\/help\.example\.com\/articles\//);

    const sessionId = await page.evaluate(() => window.localStorage.getItem('crmkit.chat.sessionId'));
    assert.ok(sessionId, 'the session id is kept in localStorage');

    mkdirSync(screenshotDirectory, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDirectory, 'inbox-and-chat.png'), fullPage: true });

    // Feedback thumbs reach the server.
    const feedback = page.waitForResponse((response) => response.url().endsWith('/feedback') && response.request().method() === 'POST');
    await page.getByTestId('thumbs-up').click();
    assert.equal((await feedback).status(), 200);

    // After a reload the widget restores the conversation from the server.
    await page.reload();
    await page.getByTestId('chat-open').click();
    await page.getByTestId('message-assistant').first().waitFor();
    assert.match(await page.getByTestId('message-user').first().innerText(), /#54321/);
    assert.deepEqual(pageErrors, []);
  });
});
