'use client';

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Draft, RankedPage, ScoreBreakdown } from './types';
import { getJson, useRequest, type RequestState } from './use-request';

const componentLabels: Record<string, string> = {
  churn_risk: 'Churn risk',
  customer_value: 'Customer value',
  urgency: 'Urgency',
  age: 'Waiting time',
  difficulty: 'Difficulty',
  sentiment: 'Frustration',
  topic_alert: 'Topic alert',
};

/** One view's error, with the way out: every failed request can be retried from where it failed. */
function ErrorState({ testId, what, message, onRetry }: { testId: string; what: string; message: string; onRetry: () => void }) {
  return (
    <div className="state state-error" role="alert" data-testid={testId}>
      <p>
        <strong>Couldn&apos;t load {what}.</strong> {message}
      </p>
      <button type="button" className="retry" data-testid={`${testId}-retry`} onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

function Loading({ testId, children }: { testId: string; children: string }) {
  return (
    <p className="state state-loading muted" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

function Breakdown({ breakdown }: { breakdown: ScoreBreakdown }) {
  const entries = Object.entries(breakdown.components);
  const largest = Math.max(1, ...entries.map(([, value]) => Math.abs(value)));
  return (
    <>
      <h3>
        Score <span data-testid="breakdown-total">{breakdown.total_score.toFixed(1)}</span>
      </h3>
      <ul className="bars">
        {entries.map(([name, value]) => (
          <li key={name}>
            <span className="bar-label">{componentLabels[name] ?? name}</span>
            <span className="bar-track">
              <span className={`bar ${value < 0 ? 'negative' : ''}`} style={{ width: `${(Math.abs(value) / largest) * 100}%` }} />
            </span>
            <span className="bar-value">
              {value >= 0 ? '+' : ''}
              {value.toFixed(2)}
            </span>
          </li>
        ))}
      </ul>
      {breakdown.customer ? (
        <p className="muted">
          LTV ${breakdown.customer.ltv.toLocaleString('en-US')} · churn risk {Math.round(breakdown.customer.churn_risk * 100)}%
          {breakdown.ticket ? ` · waiting ${breakdown.ticket.age_hours.toFixed(1)} h` : ''}
        </p>
      ) : null}
    </>
  );
}

function DraftBody({ draft }: { draft: Draft }) {
  const applied = Object.entries(draft.personalization).filter(([, used]) => used);
  return (
    <>
      <h3>
        Draft reply <span className="tag">{draft.channel}</span> <span className="tag">{draft.tone}</span>
        {draft.degraded ? <span className="tag neutral">template</span> : null}
      </h3>
      {draft.content.trim() === '' ? (
        <p className="muted" data-testid="draft-empty">
          No draft for this ticket: write the reply yourself.
        </p>
      ) : (
        <pre className="draft" data-testid="draft-content">
          {draft.content}
        </pre>
      )}
      {applied.length > 0 ? <p className="muted">Personalised: {applied.map(([name]) => name.replaceAll('_', ' ')).join(', ')}</p> : null}
      <p className="muted">{draft.reasoning}</p>
    </>
  );
}

/** A card that shows its own request's state: the breakdown never waits for the draft, nor the other way round. */
function DetailCard<T>({ testId, what, state, retry, children }: { testId: string; what: string; state: RequestState<T>; retry: () => void; children: (value: T) => ReactNode }) {
  return (
    <section className="card" data-testid={testId} data-state={state.status} aria-busy={state.status === 'loading'}>
      {state.status === 'loading' ? <Loading testId={`${testId}-loading`}>{`Loading ${what}…`}</Loading> : null}
      {state.status === 'error' ? <ErrorState testId={`${testId}-error`} what={what} message={state.message} onRetry={retry} /> : null}
      {state.status === 'success' ? children(state.value) : null}
    </section>
  );
}

export function Inbox() {
  const [alerts, setAlerts] = useState('');
  const [applied, setApplied] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const detailRef = useRef<HTMLDivElement>(null);

  const alertQuery = applied.trim() ? `?topic_alerts=${encodeURIComponent(applied)}` : '';
  const list = useRequest<RankedPage>(useCallback((signal) => getJson<RankedPage>(`/api/tickets${alertQuery}`, signal), [alertQuery]));
  const breakdown = useRequest<ScoreBreakdown>(
    useCallback((signal) => (selected ? getJson<ScoreBreakdown>(`/api/tickets/${encodeURIComponent(selected)}/score-breakdown${alertQuery}`, signal) : null), [selected, alertQuery]),
  );
  const draft = useRequest<Draft>(useCallback((signal) => (selected ? getJson<Draft>(`/api/tickets/${encodeURIComponent(selected)}/draft`, signal) : null), [selected]));

  // On a phone the detail sits below the list: bring it into view when a ticket is opened.
  useEffect(() => {
    if (!selected || !detailRef.current) return;
    if (window.matchMedia('(max-width: 760px)').matches) detailRef.current.scrollIntoView({ block: 'start' });
  }, [selected]);

  const tickets = list.status === 'success' ? list.value.tickets : [];

  return (
    <div className="inbox">
      <div className="inbox-list">
        <form
          className="alerts"
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(alerts);
          }}
        >
          <input aria-label="Topic alerts" placeholder="Topic alerts, e.g. chargeback,fraud" value={alerts} onChange={(event) => setAlerts(event.target.value)} />
          <button type="submit">Apply</button>
        </form>
        {list.status === 'loading' ? <Loading testId="tickets-loading">Loading tickets…</Loading> : null}
        {list.status === 'error' ? <ErrorState testId="tickets-error" what="the inbox" message={list.message} onRetry={list.retry} /> : null}
        {list.status === 'success' && tickets.length === 0 ? (
          <div className="state state-empty" data-testid="tickets-empty">
            <p>
              <strong>Inbox zero.</strong> No open tickets{applied.trim() ? ' match these topic alerts' : ''}: nothing is waiting for you.
            </p>
          </div>
        ) : null}
        {tickets.length > 0 ? (
          <ol data-testid="ticket-list" className="tickets">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <button
                  type="button"
                  data-testid="ticket"
                  data-ticket-id={ticket.id}
                  data-score={ticket.smart_score}
                  aria-pressed={selected === ticket.id}
                  className={`ticket ${selected === ticket.id ? 'selected' : ''}`}
                  onClick={() => setSelected(ticket.id)}
                >
                  <span className="score">{ticket.smart_score.toFixed(1)}</span>
                  <span className="subject">
                    {ticket.matches_topic_alert ? <span title="Matches a topic alert">⚡ </span> : null}
                    {ticket.subject}
                  </span>
                  <span className="meta">
                    {ticket.id} · {ticket.priority ?? 'no priority'}
                    {ticket.channel ? ` · ${ticket.channel}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      <div className="inbox-detail" ref={detailRef} data-testid="ticket-detail">
        {selected === null ? (
          <p className="state state-empty muted" data-testid="detail-empty">
            Select a ticket to see why it ranks where it does, and its draft reply.
          </p>
        ) : (
          <>
            <DetailCard testId="score-breakdown" what="the score breakdown" state={breakdown} retry={breakdown.retry}>
              {(value) => <Breakdown breakdown={value} />}
            </DetailCard>
            <DetailCard testId="draft" what="the draft reply" state={draft} retry={draft.retry}>
              {(value) => <DraftBody draft={value} />}
            </DetailCard>
          </>
        )}
      </div>
    </div>
  );
}
