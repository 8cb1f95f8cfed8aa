'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage, Citation } from '@/lib/chat-message';
import { postJson } from './use-request';

/** A stored turn as GET /api/sessions/:id returns it. */
interface StoredMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: string;
  readonly incomplete?: boolean;
}

const toChatMessage = (message: StoredMessage & { role: 'user' | 'assistant' }): ChatMessage => ({
  id: message.id,
  role: message.role,
  parts: [{ type: 'text', text: message.content }],
  ...(message.incomplete ? { metadata: { incomplete: true } } : {}),
});

const textOf = (message: ChatMessage): string => message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
const citationsOf = (message: ChatMessage): readonly Citation[] => message.parts.find((part) => part.type === 'data-citations')?.data ?? [];

/** The API's JSON error message (`{ error: { message } }`), which the transport hands over as the error's text. */
function apiMessage(error: Error): string | undefined {
  const body = (error as Error & { responseBody?: string }).responseBody ?? error.message;
  try {
    return (JSON.parse(body) as { error?: { message?: string } }).error?.message;
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

export function ChatWidget() {
  const [open, setOpen] = useState(false);
  const [sessionId, setSessionId] = useState<string | null>(null);
  // The transport reads the id when it sends, so a reply's data-session part is used at once.
  const sessionRef = useRef<string | null>(null);
  const [input, setInput] = useState('');
  const [restoring, setRestoring] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [rated, setRated] = useState<number | null>(null);
  const [escalated, setEscalated] = useState(false);
  const [escalating, setEscalating] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);

  const keepSession = useCallback((id: string | null) => {
    sessionRef.current = id;
    setSessionId(id);
    if (id) window.localStorage.setItem(storageKey, id);
    else window.localStorage.removeItem(storageKey);
  }, []);

  // useChat speaks the AI SDK UI message stream protocol with /api/chat. crmkit keeps the history
  // (sessions, budgets, fallback, storage), so each request carries only the new message and the
  // session id.
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: '/api/chat',
        prepareSendMessagesRequest: ({ messages }) => {
          const last = messages.findLast((message) => message.role === 'user');
          return { body: { message: last ? textOf(last) : '', sessionId: sessionRef.current } };
        },
      }),
    [],
  );
  const { messages, setMessages, sendMessage, regenerate, stop, status, error, clearError } = useChat<ChatMessage>({
    transport,
    onData: (part) => {
      if (part.type === 'data-session' && part.data.sessionId !== sessionRef.current) keepSession(part.data.sessionId);
    },
  });
  const waiting = status === 'submitted';
  const streaming = status === 'streaming';
  const last = messages.at(-1);
  // A reply that broke off midway keeps what arrived (crmkit stored it marked incomplete).
  const cutOffId = error && last?.role === 'assistant' && textOf(last) !== '' ? last.id : null;

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
        keepSession(null);
        return;
      }
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      const body = (await response.json()) as { status?: string; messages: StoredMessage[] };
      // Only the customer's and the assistant's turns: notes crmkit stores for agents (the handoff summary) stay out.
      setMessages(body.messages.filter((message): message is StoredMessage & { role: 'user' | 'assistant' } => message.role === 'user' || message.role === 'assistant').map(toChatMessage));
      setEscalated(body.status === 'escalated');
    } catch {
      setNotice({ kind: 'error', text: "Couldn't load your earlier messages.", retry: () => void restore(stored) });
    } finally {
      setRestoring(false);
    }
  }, [keepSession, setMessages]);

  useEffect(() => {
    const stored = window.localStorage.getItem(storageKey);
    if (!stored) return;
    sessionRef.current = stored;
    setSessionId(stored);
    void restore(stored);
  }, [restore]);

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages, waiting]);

  // A failed send shows the API's message (or a network one) with a retry that resends the same
  // message without showing it twice; a reply cut off midway keeps its text, marked, and can be retried.
  useEffect(() => {
    if (!error) return;
    const retry = () => {
      clearError();
      setNotice(null);
      void regenerate();
    };
    if (cutOffId) setNotice({ kind: 'error', text: 'The connection dropped; the reply may be incomplete.', retry });
    else setNotice({ kind: 'error', text: apiMessage(error) ?? (error.name === 'TypeError' ? "Your message didn't go through." : 'The assistant is unavailable right now.'), retry });
  }, [error, cutOffId, clearError, regenerate]);

  function send(text: string) {
    const message = text.trim();
    if (!message || waiting || streaming) return;
    setInput('');
    setNotice(null);
    clearError();
    void sendMessage({ text: message });
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
    // A reply still streaming belongs to the old conversation: stop it before starting afresh.
    void stop();
    keepSession(null);
    clearError();
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
            {textOf(message)}
            {message.metadata?.incomplete || message.id === cutOffId ? <span className="muted"> (cut off)</span> : null}
            {citationsOf(message).length > 0 ? (
              <ol className="citations" data-testid="citations">
                {citationsOf(message).map((citation) => (
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
          <button key={reply} type="button" onClick={() => send(reply)} disabled={waiting || streaming || restoring}>
            {reply}
          </button>
        ))}
      </div>
      <form
        className="chat-input"
        onSubmit={(event) => {
          event.preventDefault();
          send(input);
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
