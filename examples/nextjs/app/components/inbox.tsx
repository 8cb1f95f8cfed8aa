'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ApiError, Draft, RankedPage, ScoreBreakdown } from './types';

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  const body = (await response.json()) as T | ApiError;
  if (!response.ok) throw new Error((body as ApiError).error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

const componentLabels: Record<string, string> = {
  churn_risk: 'Churn risk',
  customer_value: 'Customer value',
  urgency: 'Urgency',
  age: 'Waiting time',
  difficulty: 'Difficulty',
  sentiment: 'Frustration',
  topic_alert: 'Topic alert',
};

function Breakdown({ breakdown }: { breakdown: ScoreBreakdown }) {
  const entries = Object.entries(breakdown.components);
  const largest = Math.max(1, ...entries.map(([, value]) => Math.abs(value)));
  return (
    <section data-testid="score-breakdown" className="card">
      <h3>
        Score <span data-testid="breakdown-total">{breakdown.total_score.toFixed(1)}</span>
      </h3>
      <ul className="bars">
        {entries.map(([name, value]) => (
          <li key={name}>
            <span className="bar-label">{componentLabels[name] ?? name}</span>
            <span className={`bar ${value < 0 ? 'negative' : ''}`} style={{ width: `${(Math.abs(value) / largest) * 100}%` }} />
            <span className="bar-value">{value >= 0 ? '+' : ''}{value.toFixed(2)}</span>
          </li>
        ))}
      </ul>
      {breakdown.customer ? (
        <p className="muted">
          LTV ${breakdown.customer.ltv.toLocaleString('en-US')} · churn risk {Math.round(breakdown.customer.churn_risk * 100)}%
          {breakdown.ticket ? ` · waiting ${breakdown.ticket.age_hours.toFixed(1)} h` : ''}
        </p>
      ) : null}
    </section>
  );
}

function DraftCard({ draft }: { draft: Draft }) {
  const applied = Object.entries(draft.personalization).filter(([, used]) => used);
  return (
    <section data-testid="draft" className="card">
      <h3>
        Draft reply <span className="tag">{draft.channel}</span> <span className="tag">{draft.tone}</span>
        {draft.degraded ? <span className="tag warn">template</span> : null}
      </h3>
      <pre className="draft" data-testid="draft-content">{draft.content}</pre>
      {applied.length > 0 ? <p className="muted">Personalised: {applied.map(([name]) => name.replaceAll('_', ' ')).join(', ')}</p> : null}
      <p className="muted">{draft.reasoning}</p>
    </section>
  );
}

export function Inbox() {
  const [page, setPage] = useState<RankedPage | null>(null);
  const [alerts, setAlerts] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [breakdown, setBreakdown] = useState<ScoreBreakdown | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (topicAlerts: string) => {
    try {
      const query = topicAlerts.trim() ? `?topic_alerts=${encodeURIComponent(topicAlerts)}` : '';
      setPage(await getJson<RankedPage>(`/api/tickets${query}`));
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }, []);

  useEffect(() => {
    void load('');
  }, [load]);

  async function open(ticketId: string) {
    setSelected(ticketId);
    setBreakdown(null);
    setDraft(null);
    const query = alerts.trim() ? `?topic_alerts=${encodeURIComponent(alerts)}` : '';
    try {
      const [nextBreakdown, nextDraft] = await Promise.all([
        getJson<ScoreBreakdown>(`/api/tickets/${encodeURIComponent(ticketId)}/score-breakdown${query}`),
        getJson<Draft>(`/api/tickets/${encodeURIComponent(ticketId)}/draft`),
      ]);
      setBreakdown(nextBreakdown);
      setDraft(nextDraft);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <div className="inbox">
      <div className="inbox-list">
        <form
          className="alerts"
          onSubmit={(event) => {
            event.preventDefault();
            void load(alerts);
          }}
        >
          <input aria-label="Topic alerts" placeholder="Topic alerts, e.g. chargeback,fraud" value={alerts} onChange={(event) => setAlerts(event.target.value)} />
          <button type="submit">Apply</button>
        </form>
        {error ? <p className="error" role="alert">{error}</p> : null}
        {page === null ? <p className="muted">Loading…</p> : null}
        <ol data-testid="ticket-list" className="tickets">
          {page?.tickets.map((ticket) => (
            <li key={ticket.id}>
              <button type="button" data-testid="ticket" data-ticket-id={ticket.id} data-score={ticket.smart_score} className={`ticket ${selected === ticket.id ? 'selected' : ''}`} onClick={() => void open(ticket.id)}>
                <span className="score">{ticket.smart_score.toFixed(1)}</span>
                <span className="subject">
                  {ticket.matches_topic_alert ? <span title="Matches a topic alert">⚡ </span> : null}
                  {ticket.subject}
                </span>
                <span className="meta">
                  {ticket.priority ?? ''} {ticket.channel ? `· ${ticket.channel}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ol>
      </div>
      <div className="inbox-detail">
        {selected === null ? <p className="muted">Select a ticket.</p> : null}
        {selected !== null && breakdown === null ? <p className="muted">Gathering context…</p> : null}
        {breakdown ? <Breakdown breakdown={breakdown} /> : null}
        {draft ? <DraftCard draft={draft} /> : null}
      </div>
    </div>
  );
}
