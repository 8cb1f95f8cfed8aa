'use client';

import { useEffect, useRef, useState } from 'react';

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

const storageKey = 'crmkit.chat.sessionId';

// Seed 001's quick replies: common questions one click away.
const quickReplies = ['Where is my order?', 'How do I return an item?', 'Do you ship to Canada?', 'Talk to a human'];

let nextLocalId = 0;
const localId = (): string => `local-${++nextLocalId}`;

export function ChatWidget() {
  const [open, setOpen] = useState(false);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('');
  const [waiting, setWaiting] = useState(false);
  const [streaming, setStreaming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [rated, setRated] = useState<number | null>(null);
  const [escalated, setEscalated] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);

  // Restore the conversation after a reload (seed 001: the session id lives in the browser).
  useEffect(() => {
    const stored = window.localStorage.getItem(storageKey);
    if (!stored) return;
    setSessionId(stored);
    void fetch(`/api/sessions/${encodeURIComponent(stored)}`, { cache: 'no-store' }).then(async (response) => {
      if (!response.ok) {
        window.localStorage.removeItem(storageKey);
        setSessionId(null);
        return;
      }
      const body = (await response.json()) as { messages: Message[] };
      setMessages(body.messages.filter((message) => message.role !== ('system' as string)));
    });
  }, []);

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages, waiting]);

  async function send(text: string) {
    const message = text.trim();
    if (!message || waiting || streaming) return;
    if (message === 'Talk to a human') {
      await escalate('The customer asked for a human from the quick replies.');
      return;
    }
    setInput('');
    setNotice(null);
    const reply: Message = { id: localId(), role: 'assistant', content: '' };
    setMessages((current) => [...current, { id: localId(), role: 'user', content: message }]);
    setWaiting(true);
    try {
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, sessionId }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setNotice(body?.error?.message ?? 'The assistant is unavailable right now.');
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
      reply.incomplete = true;
      setMessages((current) => current.map((existing) => (existing.id === reply.id ? { ...reply } : existing)));
      setNotice('The connection dropped; the reply may be incomplete.');
    } finally {
      setWaiting(false);
      setStreaming(false);
    }
  }

  async function rate(rating: number) {
    if (!sessionId) return;
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating }),
    });
    if (response.ok) setRated(rating);
  }

  async function escalate(reason: string) {
    if (!sessionId) {
      setNotice('Send a message first, then we can bring in a person.');
      return;
    }
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/escalate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
    if (response.ok) {
      setEscalated(true);
      setNotice('A member of our team will pick this up shortly.');
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
          <button type="button" title="Start over" onClick={restart}>↺</button>
          <button type="button" aria-label="Minimise chat" onClick={() => setOpen(false)}>–</button>
        </span>
      </header>
      <div className="chat-messages" data-testid="chat-messages">
        {messages.length === 0 ? <p className="muted">Hi! Ask us anything about your orders.</p> : null}
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
      {notice ? <p className="chat-notice" role="status">{notice}</p> : null}
      <div className="quick-replies">
        {quickReplies.map((reply) => (
          <button key={reply} type="button" onClick={() => void send(reply)} disabled={waiting || streaming}>
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
        <button type="submit" data-testid="chat-send" disabled={waiting || streaming || !input.trim()}>
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
        <button type="button" data-testid="escalate" className="escalate" disabled={!sessionId || escalated} onClick={() => void escalate('The customer asked to talk to a person.')}>
          {escalated ? 'Escalated' : 'Talk to a human'}
        </button>
      </footer>
    </aside>
  );
}
