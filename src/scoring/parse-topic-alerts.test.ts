import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { maxTopicAlertKeywordLength, normalizeTopicAlerts, parseTopicAlerts } from './parse-topic-alerts.js';

describe('parseTopicAlerts', () => {
  it("parses seed 004's example into trimmed, folded keywords, keeping phrases whole", () => {
    expect(parseTopicAlerts('chargeback,fraud,wrong address')).toEqual(['chargeback', 'fraud', 'wrong address']);
    expect(parseTopicAlerts('  Chargeback , FRAUD,Wrong   Address ')).toEqual(['chargeback', 'fraud', 'wrong address']);
  });

  it('dedupes after folding, first occurrence first', () => {
    expect(parseTopicAlerts('Fraud,refund,FRAUD,fraud ')).toEqual(['fraud', 'refund']);
    expect(parseTopicAlerts('Straße,STRASSE')).toEqual(['strasse']);
  });

  it('treats blank input as no alerts (a cleared field)', () => {
    expect(parseTopicAlerts('')).toEqual([]);
    expect(parseTopicAlerts('   ')).toEqual([]);
  });

  it('rejects empty items with an error naming each position', () => {
    let caught: unknown;
    try {
      parseTopicAlerts('fraud,, ,refund,');
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual(['[1]', '[2]', '[4]']);
    expect((caught as ValidationError).issues[0]!.message).toMatch(/empty keyword/i);
  });

  it('rejects oversized keywords and non-string input', () => {
    expect(() => parseTopicAlerts('x'.repeat(maxTopicAlertKeywordLength + 1))).toThrow(/limit is 100/);
    expect(() => parseTopicAlerts(42 as never)).toThrow(ValidationError);
    expect(() => normalizeTopicAlerts(['ok', 7 as never])).toThrow(/\[1\]/);
  });
});
