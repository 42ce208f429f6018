/**
 * The email digest the security team reads: a subject under 100 characters
 * and a plain-text body that fits one SNS message (256 KB).
 *
 * @module
 */
import type { Severity } from '../engine/types.js';
import { bySeverity, SEVERITIES } from '../findings/severity.js';
import type { FindingRef, ScanDiff } from '../findings/types.js';
import { oneLine, truncate } from './text.js';
import type { ScanSummary } from './types.js';

/** Limits of the digest, with defaults that fit SNS. */
interface DigestOptions {
  /** Where the full report is (S3 URI, path or URL). */
  readonly reportLocation?: string;
  /**
   * Findings listed per cluster before "and N more".
   * @default 10
   */
  readonly perCluster?: number;
  /**
   * Findings listed in all, new and resolved sections each.
   * @default 200
   */
  readonly maxListed?: number;
  /**
   * Largest body in bytes (SNS allows 262,144 for subject and body).
   * @default 240000
   */
  readonly maxBytes?: number;
}

/** Subject and body of the digest. */
interface Digest {
  readonly subject: string;
  readonly body: string;
}

const SUBJECT_MAX = 99;

/** The exposure-inventory rule: its failures are internet-facing load balancers. */
const EXPOSURE_RULE = 'NET-LB-005';

const plural = (n: number, word: string): string =>
  `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The subject line, e.g. `eks-netscan: 3 new critical, 5 new high in 42
 * accounts`. Always shorter than 100 characters.
 */
const digestSubject = (summary: ScanSummary): string => {
  const accounts = plural(summary.accounts, 'account');
  const parts = SEVERITIES.filter((s) => summary.diff.newBySeverity[s] > 0).map(
    (s) => `${summary.diff.newBySeverity[s]} new ${s}`,
  );
  let subject =
    parts.length > 0
      ? `eks-netscan: ${parts.join(', ')} in ${accounts}`
      : `eks-netscan: no new findings in ${accounts}`;
  const failed = summary.coverage.failed.length;
  if (failed > 0) {
    const suffix = `; ${plural(failed, 'target')} failed`;
    if (subject.length + suffix.length <= SUBJECT_MAX) subject += suffix;
  }
  if (subject.length > SUBJECT_MAX) {
    // Drop the least severe parts until it fits; counts stay exact.
    while (parts.length > 1 && subject.length > SUBJECT_MAX) {
      parts.pop();
      subject = `eks-netscan: ${parts.join(', ')}, more in ${accounts}`;
    }
  }
  return truncate(oneLine(subject), SUBJECT_MAX);
};

const findingLine = (finding: FindingRef, tag: string): string => {
  const label = finding.severity.toUpperCase();
  const waived = finding.waived ? ' (waived)' : '';
  return `      [${label}] ${finding.ruleId}${tag}${waived}: ${truncate(
    oneLine(finding.message),
    300,
  )}`;
};

/** Groups findings by account, then cluster (or region when none). */
const groupFindings = (
  findings: readonly (readonly [FindingRef, string])[],
): Map<string, Map<string, (readonly [FindingRef, string])[]>> => {
  const byAccount = new Map<
    string,
    Map<string, (readonly [FindingRef, string])[]>
  >();
  for (const entry of findings) {
    const [finding] = entry;
    let clusters = byAccount.get(finding.accountId);
    if (!clusters) {
      clusters = new Map();
      byAccount.set(finding.accountId, clusters);
    }
    const key = finding.clusterName
      ? `cluster ${finding.clusterName} (${finding.region})`
      : `region ${finding.region}, no cluster`;
    const list = clusters.get(key) ?? [];
    list.push(entry);
    clusters.set(key, list);
  }
  return byAccount;
};

/**
 * Renders the digest from the summary and the diff's lists.
 *
 * Coverage comes first (what could not be looked at), then newly
 * internet-facing load balancers (new or regressed NET-LB-005 failures), then
 * regressed and new findings grouped by account and cluster, most severe first and capped with
 * "and N more", then resolved findings, expired waivers and where the full
 * report is.
 *
 * @example
 * const { subject, body } = renderDigest(summary, diff, { reportLocation: 's3://bucket/scans/x/report.html' });
 */
const renderDigest = (
  summary: ScanSummary,
  diff: ScanDiff,
  options: DigestOptions = {},
): Digest => {
  const perCluster = options.perCluster ?? 10;
  const maxListed = options.maxListed ?? 200;
  const maxBytes = options.maxBytes ?? 240_000;
  const lines: string[] = [];
  const { coverage } = summary;

  lines.push(
    `eks-netscan scan ${summary.scanId}${summary.finishedAt ? `, finished ${summary.finishedAt}` : ''}`,
    '',
    'COVERAGE',
    `  ${plural(summary.accounts, 'account')}, ${plural(coverage.targets, 'target')} (account × region): ${coverage.ok} complete, ${coverage.failed.length} failed, ${coverage.withGaps} with gaps.`,
  );
  for (const failed of coverage.failed.slice(0, 50)) {
    lines.push(
      `  FAILED ${failed.accountId}/${failed.region}: ${truncate(oneLine(failed.reason), 200)}`,
    );
  }
  if (coverage.failed.length > 50) {
    lines.push(`  and ${coverage.failed.length - 50} more failed targets`);
  }
  for (const gap of coverage.gapsByIamAction.slice(0, 30)) {
    lines.push(
      `  Could not call ${gap.iamAction} (${gap.errorCodes.join(', ')}) in ${plural(gap.targets, 'target')}: its rules are "unknown" there.`,
    );
  }
  if (coverage.gapsByIamAction.length > 30) {
    lines.push(
      `  and ${coverage.gapsByIamAction.length - 30} more missing permissions`,
    );
  }

  const fails = summary.failBySeverity;
  lines.push(
    '',
    `FAILING NOW: ${SEVERITIES.map((s) => `${fails[s]} ${s}`).join(', ')} (unwaived); ${summary.totals.waived} waived; ${summary.totals.unknown} unknown.`,
  );

  // Exposure first: a load balancer that became internet-facing since the
  // last scan is the change a reader must not miss.
  const exposed = [...diff.regressed, ...diff.new].filter(
    (f) => f.ruleId === EXPOSURE_RULE && !f.waived,
  );
  if (exposed.length > 0) {
    lines.push(
      '',
      `NEWLY INTERNET-FACING LOAD BALANCERS (${exposed.length})`,
      ...exposed
        .slice(0, maxListed)
        .map(
          (f) =>
            `  ${f.accountId}/${f.region}${f.clusterName ? ` cluster ${oneLine(f.clusterName)}` : ''}: ${truncate(oneLine(f.message), 300)}`,
        ),
    );
    if (exposed.length > maxListed) {
      lines.push(`  and ${exposed.length - maxListed} more`);
    }
  }

  const changed = [
    ...diff.regressed.map((f) => [f, ' regressed (was passing)'] as const),
    ...diff.new.map((f) => [f, ' new'] as const),
  ].sort(
    ([a], [b]) =>
      bySeverity(a.severity, b.severity) ||
      a.accountId.localeCompare(b.accountId),
  );
  lines.push(
    '',
    `NEW AND REGRESSED (${changed.length})${diff.previousScanId ? ` since scan ${diff.previousScanId}` : ' (first scan: everything failing is new)'}`,
  );
  if (changed.length === 0) lines.push('  None.');
  let listed = 0;
  for (const [accountId, clusters] of groupFindings(changed)) {
    if (listed >= maxListed) break;
    lines.push(`  Account ${accountId}`);
    for (const [cluster, entries] of clusters) {
      if (listed >= maxListed) break;
      lines.push(`    ${oneLine(cluster)}`);
      const room = Math.min(perCluster, maxListed - listed);
      for (const [finding, tag] of entries.slice(0, room)) {
        lines.push(findingLine(finding, tag));
      }
      listed += Math.min(room, entries.length);
      if (entries.length > room) {
        lines.push(`      and ${entries.length - room} more`);
      }
    }
  }
  if (listed < changed.length) {
    lines.push(
      `  … ${changed.length - listed} new or regressed findings not listed here; see the full report.`,
    );
  }

  lines.push('', `RESOLVED (${diff.resolved.length})`);
  if (diff.resolved.length === 0) lines.push('  None.');
  for (const finding of diff.resolved.slice(0, maxListed)) {
    lines.push(
      `  [${finding.severity.toUpperCase()}] ${finding.ruleId} ${finding.accountId}/${finding.region} ${oneLine(finding.resourceId)}`,
    );
  }
  if (diff.resolved.length > maxListed) {
    lines.push(`  and ${diff.resolved.length - maxListed} more`);
  }
  if (diff.unverified.length > 0) {
    lines.push(
      '',
      `NOT RE-CHECKED (${diff.unverified.length}): failing last time, could not be evaluated this time (target failed or inputs missing), so not counted as resolved.`,
    );
  }
  lines.push(
    '',
    `PERSISTING: ${diff.persisting.length} findings failing in both scans.`,
  );

  const expired = summary.waivers.expired;
  lines.push('', `EXPIRED WAIVERS (${expired.length})`);
  if (expired.length === 0) lines.push('  None.');
  for (const waiver of expired.slice(0, 100)) {
    lines.push(
      `  ${waiver.rule} ${oneLine(waiver.resource)}: expired ${waiver.expires}, owner ${oneLine(waiver.owner)} (${truncate(oneLine(waiver.reason), 160)})`,
    );
  }
  if (expired.length > 100) lines.push(`  and ${expired.length - 100} more`);

  lines.push(
    '',
    options.reportLocation
      ? `Full report: ${oneLine(options.reportLocation)}`
      : 'Full report: see the scan output directory.',
  );

  let body = `${lines.join('\n')}\n`;
  if (Buffer.byteLength(body) > maxBytes) {
    const cut = Buffer.from(body)
      .subarray(0, maxBytes - 200)
      .toString();
    body = `${cut.slice(0, cut.lastIndexOf('\n'))}\n… digest cut to fit one message; see the full report.\n`;
  }
  return { subject: digestSubject(summary), body };
};

/** Severity counts as SNS message attributes, so subscribers can filter. */
const severityAttributes = (
  summary: ScanSummary,
): Record<`new_${Severity}` | 'failed_targets', number> => ({
  new_critical: summary.diff.newBySeverity.critical,
  new_high: summary.diff.newBySeverity.high,
  new_medium: summary.diff.newBySeverity.medium,
  new_low: summary.diff.newBySeverity.low,
  new_info: summary.diff.newBySeverity.info,
  failed_targets: summary.coverage.failed.length,
});

export type { Digest, DigestOptions };
export { digestSubject, renderDigest, severityAttributes };
