import { describe, expect, it } from 'vitest';
import type { Result } from '../../../lib/engine/types.js';
import { renderHtml, renderHtmlChunks } from '../../../lib/report/html.js';
import {
  renderMarkdown,
  renderMarkdownChunks,
} from '../../../lib/report/markdown.js';
import { buildReportInput } from '../../helpers/reports.js';
import { makeResult } from '../../helpers/results.js';

/** `count` results over 7 accounts and 4 rules, four in five failing. */
const results = (count: number): Result[] =>
  Array.from({ length: count }, (_, i) =>
    makeResult({
      id: `r${i}`,
      accountId: String(100000000000 + (i % 7)),
      ruleId: `NET-CNI-00${i % 4}`,
      resourceId: `eni-${i}`,
      status: i % 5 === 0 ? 'pass' : 'fail',
    }),
  );

const renderers = [
  { name: 'HTML', whole: renderHtml, chunks: renderHtmlChunks },
  { name: 'Markdown', whole: renderMarkdown, chunks: renderMarkdownChunks },
] as const;

describe.each(renderers)('$name chunks', ({ whole, chunks }) => {
  it.each([0, 1, 3000])(
    'join to the whole document for %i results',
    (count) => {
      // Prepare
      const input = buildReportInput({ current: results(count) });

      // Act
      const joined = [...chunks(input)].join('');

      // Assess
      expect(joined).toBe(whole(input));
    },
  );

  it('keeps every chunk far smaller than a large document', () => {
    // Prepare
    const input = buildReportInput({ current: results(20000) });

    // Act
    const parts = [...chunks(input)];

    // Assess
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const largest = Math.max(...parts.map((part) => part.length));
    expect(parts.length).toBeGreaterThan(100);
    expect(largest).toBeLessThan(total / 20);
  });
});
