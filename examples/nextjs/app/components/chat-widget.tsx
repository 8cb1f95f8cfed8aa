'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { postJson } from './use-request';

interface Message {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  content: string;
  incomplete?: boolean;
  /** The help-center articles behind the reply's [n] markers (sent in the x-citations header). */
  citations?: readonly Citation[];
}

interface Citation {
  readonly marker: number;
  readonly title: string;
  readonly url?: string;
}

function readCitations(header: string | null): Citation[] | undefined {
  if (!header) return undefined;
  try {
    const parsed = JSON.parse(decodeURIComponent(header)) as unknown;
    return Array.isArray(parsed) ? (parsed as Citation[]) : undefined;
  } catch {
    return undefined;
  }
}

/** What the strip above the input says: progress, a confirmation, or a failure with its retry. */
type Notice = { readonly kind: 'success' | 'info'; readonly text: string } | { readonly kind: 'error'; readonly text: string; readonly retry?: () => void };

const storageKey = 'crmkit.chat.sessionId';

// Seed 001's quick replies: common questions one click away. Handing over to a person has its own
// button in the footer, so it is not repeated here.
const quickReplies = ['Where is my order?', 'How do I return an item?', 'Do you ship to Canada?'];

let nextLocalId = 0;
const localId = (): string => `local-${++nextLocalId}`;

export function ChatWidget() {
  const [open, setOpen] = useState(false);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('');
  const [restoring, setRestoring] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [streaming, setStreaming] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [rated, setRated] = useState<number | null>(null);
  const [escalated, setEscalated] = useState(false);
  const [escalating, setEscalating] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);

  // The open panel takes its own column on wide screens (see globals.css), so it never covers the
  // ticket detail and draft.
  useEffect(() => {
    document.body.classList.toggle('chat-open', open);
    return () => document.body.classList.remove('chat-open');
  }, [open]);

  // Restore the conversation after a reload (seed 001: the session id lives in the browser).
  const restore = useCallback(async (stored: string) => {
    setRestoring(true);
    setNotice(null);
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(stored)}`, { cache: 'no-store' });
      if (response.status === 404) {
        // The server forgot the session (a restart of the in-memory store): start afresh.
        window.localStorage.removeItem(storageKey);
        setSessionId(null);
        return;
      }
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      const body = (await response.json()) as { status?: string; messages: (Message | { role: 'system' })[] };
      // Only the customer's and the assistant's turns: notes crmkit stores for agents (the handoff summary) stay out.
      setMessages(body.messages.filter((message): message is Message => message.role === 'user' || message.role === 'assistant'));
      setEscalated(body.status === 'escalated');
    } catch {
      setNotice({ kind: 'error', text: "Couldn't load your earlier messages.", retry: () => void restore(stored) });
    } finally {
      setRestoring(false);
    }
  }, []);

  useEffect(() => {
    const stored = window.localStorage.getItem(storageKey);
    if (!stored) return;
    setSessionId(stored);
    void restore(stored);
  }, [restore]);

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages, waiting]);

  async function send(text: string, options: { readonly resend?: boolean } = {}) {
    const message = text.trim();
    if (!message || waiting || streaming) return;
    setInput('');
    setNotice(null);
    const reply: Message = { id: localId(), role: 'assistant', content: '' };
    if (!options.resend) setMessages((current) => [...current, { id: localId(), role: 'user', content: message }]);
    setWaiting(true);
    try {
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, sessionId }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setNotice({ kind: 'error', text: body?.error?.message ?? 'The assistant is unavailable right now.', retry: () => void send(message, { resend: true }) });
        return;
      }
      const newSessionId = response.headers.get('x-session-id');
      if (newSessionId && newSessionId !== sessionId) {
        setSessionId(newSessionId);
        window.localStorage.setItem(storageKey, newSessionId);
      }
      const citations = readCitations(response.headers.get('x-citations'));
      if (citations) reply.citations = citations;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      setMessages((current) => [...current, reply]);
      setWaiting(false);
      setStreaming(true);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        reply.content += value;
        setMessages((current) => current.map((existing) => (existing.id === reply.id ? { ...reply } : existing)));
      }
    } catch {
      if (reply.content === '') {
        setNotice({ kind: 'error', text: "Your message didn't go through.", retry: () => void send(message, { resend: true }) });
      } else {
        reply.incomplete = true;
        setMessages((current) => current.map((existing) => (existing.id === reply.id ? { ...reply } : existing)));
        setNotice({ kind: 'error', text: 'The connection dropped; the reply may be incomplete.', retry: () => void send(message, { resend: true }) });
      }
    } finally {
      setWaiting(false);
      setStreaming(false);
    }
  }

  async function rate(rating: number) {
    if (!sessionId) return;
    try {
      await postJson(`/api/sessions/${encodeURIComponent(sessionId)}/feedback`, { rating });
      setRated(rating);
      setNotice({ kind: 'success', text: 'Thanks for the feedback!' });
    } catch (error) {
      setNotice({ kind: 'error', text: `Your feedback wasn't saved. ${(error as Error).message}`, retry: () => void rate(rating) });
    }
  }

  async function escalate() {
    if (!sessionId) return;
    setEscalating(true);
    setNotice({ kind: 'info', text: 'Bringing in a member of our team…' });
    try {
      await postJson(`/api/sessions/${encodeURIComponent(sessionId)}/escalate`, { reason: 'The customer asked to talk to a person.' });
      setEscalated(true);
      setNotice({ kind: 'success', text: 'A member of our team will pick this up shortly. They can see this conversation.' });
    } catch (error) {
      setNotice({ kind: 'error', text: `We couldn't reach the team. ${(error as Error).message}`, retry: () => void escalate() });
    } finally {
      setEscalating(false);
    }
  }

  function restart() {
    window.localStorage.removeItem(storageKey);
    setSessionId(null);
    setMessages([]);
    setRated(null);
    setEscalated(false);
    setNotice(null);
  }

  if (!open) {
    return (
      <button type="button" className="chat-launcher" data-testid="chat-open" aria-label="Open chat" onClick={() => setOpen(true)}>
        Chat
      </button>
    );
  }

  return (
    <aside className="chat" data-testid="chat" aria-label="Support chat">
      <header className="chat-header">
        <strong>Support</strong>
        <span className="chat-actions">
          <button type="button" title="Start over" aria-label="Start over" onClick={restart}>
            ↺
          </button>
          <button type="button" aria-label="Minimise chat" data-testid="chat-close" onClick={() => setOpen(false)}>
            –
          </button>
        </span>
      </header>
      <div className="chat-messages" data-testid="chat-messages" aria-live="polite">
        {restoring ? (
          <p className="muted" role="status" data-testid="chat-restoring">
            Loading your conversation…
          </p>
        ) : null}
        {!restoring && messages.length === 0 ? (
          <p className="muted" data-testid="chat-empty">
            Hi! Ask us anything about your orders.
          </p>
        ) : null}
        {messages.map((message) => (
          <div key={message.id} className={`bubble ${message.role}`} data-testid={`message-${message.role}`}>
            {message.content}
            {message.incomplete ? <span className="muted"> (cut off)</span> : null}
            {message.citations?.length ? (
              <ol className="citations" data-testid="citations">
                {message.citations.map((citation) => (
                  <li key={citation.marker} value={citation.marker}>
                    {citation.url ? (
                      <a href={citation.url} target="_blank" rel="noreferrer" data-testid="citation">
                        {citation.title}
                      </a>
                    ) : (
                      <span data-testid="citation">{citation.title}</span>
                    )}
                  </li>
                ))}
              </ol>
            ) : null}
          </div>
        ))}
        {waiting ? (
          <div className="bubble assistant typing" data-testid="typing" aria-label="The assistant is typing">
            <span />
            <span />
            <span />
          </div>
        ) : null}
        <div ref={endRef} />
      </div>
      {notice ? (
        <div className={`chat-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid={`chat-notice-${notice.kind}`}>
          <span>{notice.text}</span>
          {notice.kind === 'error' && notice.retry ? (
            <button type="button" className="retry" data-testid="chat-retry" onClick={notice.retry}>
              Try again
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="quick-replies">
        {quickReplies.map((reply) => (
          <button key={reply} type="button" onClick={() => void send(reply)} disabled={waiting || streaming || restoring}>
            {reply}
          </button>
        ))}
      </div>
      <form
        className="chat-input"
        onSubmit={(event) => {
          event.preventDefault();
          void send(input);
        }}
      >
        <input data-testid="chat-input" aria-label="Message" placeholder="Type a message…" value={input} onChange={(event) => setInput(event.target.value)} maxLength={4000} />
        <button type="submit" data-testid="chat-send" disabled={waiting || streaming || restoring || !input.trim()}>
          Send
        </button>
      </form>
      <footer className="chat-footer">
        <span>Helpful?</span>
        <button type="button" data-testid="thumbs-up" aria-label="Helpful" aria-pressed={rated === 5} disabled={!sessionId} onClick={() => void rate(5)}>
          ▲ Yes
        </button>
        <button type="button" data-testid="thumbs-down" aria-label="Not helpful" aria-pressed={rated === 1} disabled={!sessionId} onClick={() => void rate(1)}>
          ▼ No
        </button>
        <button
          type="button"
          data-testid="escalate"
          className="escalate"
          title={sessionId ? undefined : 'Send a message first'}
          disabled={!sessionId || escalated || escalating}
          onClick={() => void escalate()}
        >
          {escalated ? 'Team notified' : 'Talk to a human'}
        </button>
      </footer>
    </aside>
  );
}
