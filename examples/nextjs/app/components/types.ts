/** Seed 004's GET /api/tickets row. */
export interface RankedTicket {
  readonly id: string;
  readonly subject: string;
  readonly priority?: string;
  readonly channel?: string;
  readonly smart_score: number;
  readonly matches_topic_alert: boolean;
  readonly customer_id?: string;
  readonly created_at: string;
}

export interface RankedPage {
  readonly tickets: readonly RankedTicket[];
  readonly pagination: { readonly page: number; readonly limit: number; readonly total: number; readonly has_next: boolean; readonly has_prev: boolean };
  readonly topic_alerts_active: readonly string[];
  readonly matches: number;
}

/** Seed 004's score breakdown. */
export interface ScoreBreakdown {
  readonly total_score: number;
  readonly components: Readonly<Record<string, number>>;
  readonly customer?: { readonly ltv: number; readonly churn_risk: number };
  readonly ticket?: { readonly priority?: string; readonly age_hours: number };
}

/** Seed 004's draft response. */
export interface Draft {
  readonly content: string;
  readonly tone: string;
  readonly channel: string;
  readonly reasoning: string;
  readonly degraded?: boolean;
  readonly personalization: Readonly<Record<string, boolean>>;
}

export interface ApiError {
  readonly error: { readonly code: string; readonly message: string };
}
