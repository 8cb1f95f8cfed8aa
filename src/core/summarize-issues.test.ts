import { describe, expect, it } from 'vitest';
import { summarizeIssues } from './summarize-issues.js';

const issue = (index: number) => ({ path: `tags[${index}]`, message: 'Expected string' });

describe('summarizeIssues', () => {
  it('names every issue when there are five or fewer, (root) for an empty path', () => {
    expect(summarizeIssues([{ path: '', message: 'Expected object' }])).toBe('(root): Expected object');
    expect(summarizeIssues([0, 1, 2, 3, 4].map(issue))).toBe(
      'tags[0]: Expected string; tags[1]: Expected string; tags[2]: Expected string; tags[3]: Expected string; tags[4]: Expected string',
    );
  });

  it('names the first five and counts the rest', () => {
    const summary = summarizeIssues(Array.from({ length: 12 }, (_, index) => issue(index)));
    expect(summary).toMatch(/^tags\[0\]: Expected string; .*tags\[4\]: Expected string; and 7 more$/);
    expect(summary).not.toContain('tags[5]');
  });

  it('is empty for no issues, so callers word that case themselves', () => {
    expect(summarizeIssues([])).toBe('');
  });
});
