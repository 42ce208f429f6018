import { describe, expect, it } from 'vitest';
import type { Result, Severity } from '../../../lib/engine/types.js';
import {
  renderDigest,
  severityAttributes,
} from '../../../lib/report/digest.js';
import { buildReportInput, okOutcome } from '../../helpers/reports.js';
import { makeResult } from '../../helpers/results.js';

const SEVERITY_CYCLE: Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

describe('renderDigest', () => {
  it('names new findings by severity in a subject under 100 characters', () => {
    // Prepare
    const current = [
      makeResult({ resourceId: 'a', severity: 'critical' }),
      makeResult({ resourceId: 'b', severity: 'critical' }),
      makeResult({ resourceId: 'c', severity: 'high' }),
      makeResult({
        resourceId: 'd',
        severity: 'high',
        accountId: '222222222222',
      }),
    ];
    const { summary, diff } = buildReportInput({ current, previous: [] });

    // Act
    const digest = renderDigest(summary, diff);

    // Assess
    expect(digest.subject).toBe(
      'eks-netscan: 2 new critical, 2 new high in 2 accounts',
    );
    expect(digest.subject.length).toBeLessThan(100);
  });

  it('puts coverage first, then new and regressed findings grouped by account and cluster, then resolved', () => {
    // Prepare
    const previous = [
      makeResult({ resourceId: 'was-pass', status: 'pass' }),
      makeResult({ resourceId: 'fixed', status: 'fail', ruleId: 'NET-SG-005' }),
    ];
    const current = [
      makeResult({
        resourceId: 'was-pass',
        status: 'fail',
        severity: 'critical',
      }),
      makeResult({ resourceId: 'fixed', status: 'pass', ruleId: 'NET-SG-005' }),
      makeResult({
        resourceId: 'brand-new',
        severity: 'medium',
        clusterName: 'staging',
      }),
    ];
    const outcomes = [
      {
        ...okOutcome('111111111111'),
        gaps: [
          {
            collection: 'flowLogs',
            api: 'DescribeFlowLogs',
            iamAction: 'ec2:DescribeFlowLogs',
            errorCode: 'AccessDenied',
          },
        ],
      },
      {
        ...okOutcome('333333333333'),
        status: 'error' as const,
        reason: 'AccessDenied on sts:AssumeRole',
      },
    ];
    const { summary, diff } = buildReportInput({ current, previous, outcomes });

    // Act
    const { body, subject } = renderDigest(summary, diff, {
      reportLocation: 's3://bucket/scans/scan-now/report.html',
    });

    // Assess
    const coverage = body.indexOf('COVERAGE');
    const changed = body.indexOf('NEW AND REGRESSED (2)');
    const resolved = body.indexOf('RESOLVED (1)');
    expect(coverage).toBeGreaterThan(-1);
    expect(changed).toBeGreaterThan(coverage);
    expect(resolved).toBeGreaterThan(changed);
    expect(body).toContain(
      'FAILED 333333333333/us-east-1: AccessDenied on sts:AssumeRole',
    );
    expect(body).toContain(
      'Could not call ec2:DescribeFlowLogs (AccessDenied) in 1 target',
    );
    expect(body).toMatch(
      /cluster prod \(us-east-1\)\n {6}\[CRITICAL\] NET-EP-001 regressed \(was passing\)/,
    );
    expect(body).toContain('cluster staging (us-east-1)');
    expect(body).toContain('[HIGH] NET-SG-005 111111111111/us-east-1 fixed');
    expect(body).toContain(
      'Full report: s3://bucket/scans/scan-now/report.html',
    );
    expect(subject).toBe(
      'eks-netscan: 1 new critical, 1 new medium in 2 accounts; 1 target failed',
    );
  });

  it('caps each cluster with "and N more" and stays under 256 KB with 50,000 failing results', () => {
    // Prepare
    const current: Result[] = [];
    for (let i = 0; i < 50_000; i += 1) {
      current.push(
        makeResult({
          resourceId: `subnet-${i}`,
          accountId: String(100000000000 + (i % 40)),
          clusterName: `cluster-${i % 7}`,
          severity: SEVERITY_CYCLE[i % 5] as Severity,
          message: `Subnet subnet-${i} has only ${i % 13} free addresses ${'x'.repeat(200)}.`,
        }),
      );
    }
    const { summary, diff } = buildReportInput({ current });

    // Act
    const { subject, body } = renderDigest(summary, diff);

    // Assess
    expect(Buffer.byteLength(body)).toBeLessThan(256 * 1024);
    expect(subject.length).toBeLessThan(100);
    expect(subject).toBe(
      'eks-netscan: 10000 new critical, 10000 new high, 10000 new medium, more in 40 accounts',
    );
    expect(body).toMatch(/and \d+ more/);
    expect(body).toContain('new or regressed findings not listed here');
  });

  it('keeps hostile AWS strings on one line', () => {
    // Prepare
    const current = [
      makeResult({
        message: 'name\nFAILED 999999999999/us-east-1: forged line',
        resourceId: 'evil',
      }),
    ];
    const { summary, diff } = buildReportInput({ current });

    // Act
    const { body } = renderDigest(summary, diff);

    // Assess
    expect(body).not.toMatch(/^FAILED 999999999999/m);
    expect(body).toContain('name FAILED 999999999999/us-east-1: forged line');
  });
});

describe('severityAttributes', () => {
  it('exposes new findings per severity and failed targets for SNS filtering', () => {
    // Prepare
    const { summary } = buildReportInput({
      current: [
        makeResult({ severity: 'critical' }),
        makeResult({ resourceId: 'b', severity: 'low' }),
      ],
    });

    // Act
    const attributes = severityAttributes(summary);

    // Assess
    expect(attributes).toEqual({
      new_critical: 1,
      new_high: 0,
      new_medium: 0,
      new_low: 1,
      new_info: 0,
      failed_targets: 0,
    });
  });
});
