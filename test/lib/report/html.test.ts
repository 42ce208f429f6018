import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../lib/report/html.js';
import { renderMarkdown } from '../../../lib/report/markdown.js';
import { csvField, escapeHtml } from '../../../lib/report/text.js';
import type { ClusterInventory } from '../../../lib/report/types.js';
import { buildReportInput } from '../../helpers/reports.js';
import { makeResult } from '../../helpers/results.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  '| forged | cell |',
  '[click](javascript:alert(1))',
];

const inventory: ClusterInventory[] = [
  {
    accountId: '111111111111',
    region: 'us-east-1',
    clusterName: 'prod',
    subnets: [
      {
        subnetId: 'subnet-a',
        availabilityZone: 'us-east-1a',
        available: 12,
        usable: 251,
        roles: ['node'],
      },
      {
        subnetId: 'subnet-b',
        availabilityZone: 'us-east-1b',
        available: 200,
        usable: 251,
        roles: ['cluster', 'node'],
      },
    ],
    nodes: [
      {
        instanceId: 'i-1',
        instanceType: 'm5.large',
        cniMode: 'secondary-ip',
        enisAttached: 3,
        eniLimit: 3,
        secondaryIps: 27,
        ipv4Prefixes: 0,
        maxPods: 29,
        branchEnis: 0,
        branchLimit: 9,
      },
    ],
  },
];

describe('renderHtml', () => {
  it('renders every section as one self-contained document', () => {
    // Prepare
    const input = buildReportInput({
      current: [makeResult(), makeResult({ resourceId: 'ok', status: 'pass' })],
      inventory,
    });

    // Act
    const html = renderHtml(input);

    // Assess
    for (const id of [
      'summary',
      'coverage',
      'diff',
      'clusters',
      'findings',
      'waivers',
    ]) {
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('12 free of 251');
    expect(html).toContain('aws eks update-cluster-config --name prod');
    expect(html).not.toMatch(/<script|<link|@import|src="http/i);
  });

  it.each(HOSTILE)('shows the hostile value %s inert', (value) => {
    // Prepare
    const input = buildReportInput({
      current: [
        makeResult({
          resourceId: value,
          message: `Tag ${value}.`,
          clusterName: value,
        }),
      ],
      inventory: [{ ...inventory[0], clusterName: value } as ClusterInventory],
    });

    // Act
    const html = renderHtml(input);

    // Assess
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain(`<code>${escapeHtml(value)}</code>`);
  });
});

describe('renderMarkdown', () => {
  it.each(HOSTILE)(
    'keeps %s from breaking tables, links or formulas',
    (value) => {
      // Prepare
      const input = buildReportInput({
        current: [makeResult({ resourceId: value, message: value })],
      });

      // Act
      const markdown = renderMarkdown(input);

      // Assess
      const rows = markdown
        .split('\n')
        .filter((line) => line.includes('NET-EP-001') && line.startsWith('|'));
      for (const row of rows) {
        // Every data row has exactly the header's 6 columns: escaped pipes do not split.
        expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
      }
      expect(markdown).not.toContain('<script>');
      expect(markdown).not.toContain('](javascript');
      expect(markdown).not.toMatch(/\| =cmd/);
    },
  );
});

describe('csvField', () => {
  it.each([
    ['=cmd|x', `"'=cmd|x"`],
    ['+1', `"'+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two lines"'],
  ])('neutralises %j', (value, expected) => {
    // Act
    const field = csvField(value);

    // Assess
    expect(field).toBe(expected);
  });
});
