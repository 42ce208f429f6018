/**
 * The Markdown report: the same content as the HTML report in a form that
 * pastes into tickets and pull requests. AWS strings go through
 * {@link escapeMarkdown}.
 *
 * @module
 */
import { SEVERITIES } from '../findings/severity.js';
import type { FindingRef } from '../findings/types.js';
import type { ReportInput } from './html.js';
import { escapeMarkdown as md } from './text.js';
import type { FindingDetail } from './types.js';

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

const tableLines = (
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] => [row(headers), row(headers.map(() => '---')), ...rows.map(row)];

const findingCells = (f: FindingRef): string[] => [
  `${f.severity}${f.waived ? ' (waived)' : ''}`,
  md(f.ruleId),
  `${md(f.accountId)}/${md(f.region)}`,
  md(f.clusterName ?? ''),
  md(f.resourceId),
  md(f.message),
];

const FINDING_HEADERS = [
  'Severity',
  'Rule',
  'Account/region',
  'Cluster',
  'Resource',
  'Message',
] as const;

/** Finding rows per chunk: a table of 100,000 findings is not one string. */
const ROWS_PER_CHUNK = 256;

/** A findings table as chunks of whole lines, each ending in a newline. */
function* findingTableChunks(
  findings: readonly FindingRef[],
): Generator<string> {
  yield `${row(FINDING_HEADERS)}\n${row(FINDING_HEADERS.map(() => '---'))}\n`;
  for (let start = 0; start < findings.length; start += ROWS_PER_CHUNK) {
    let chunk = '';
    const end = Math.min(start + ROWS_PER_CHUNK, findings.length);
    for (let i = start; i < end; i += 1) {
      chunk += `${row(findingCells(findings[i] as FindingRef))}\n`;
    }
    yield chunk;
  }
}

/**
 * Renders the Markdown report as chunks of whole lines, in order; joined they
 * are {@link renderMarkdown}'s text. No chunk holds more than one cluster, one
 * rule's heading or a few hundred finding rows, so a writer can store the
 * report without the whole text ever being one string.
 *
 * @example
 * for (const chunk of renderMarkdownChunks(input)) out.write(chunk);
 */
function* renderMarkdownChunks(input: ReportInput): Generator<string> {
  const { summary, diff, failing, inventory } = input;
  let lines: string[] = [];
  // Lines gathered since the last chunk, each followed by a newline.
  const flush = (): string => {
    const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    lines = [];
    return text;
  };
  lines = [
    `# eks-netscan report ${md(summary.scanId)}`,
    '',
    `${summary.accounts} accounts, ${summary.coverage.targets} targets${summary.finishedAt ? `, finished ${md(summary.finishedAt)}` : ''}.`,
    '',
    '## Summary',
    '',
    ...tableLines(
      ['Severity', 'Failing', 'New'],
      SEVERITIES.map((s) => [
        s,
        String(summary.failBySeverity[s]),
        String(summary.diff.newBySeverity[s]),
      ]),
    ),
    '',
    `Waived: ${summary.totals.waived}. Unknown (could not be checked): ${summary.totals.unknown}. Passed: ${summary.totals.pass} of ${summary.totals.total}.`,
    '',
    '## Coverage',
    '',
    `${summary.coverage.ok} of ${summary.coverage.targets} targets complete; ${summary.coverage.failed.length} failed; ${summary.coverage.withGaps} with gaps.`,
    '',
  ];
  if (summary.coverage.failed.length > 0) {
    lines.push(
      ...tableLines(
        ['Account', 'Region', 'Reason'],
        summary.coverage.failed.map((f) => [
          md(f.accountId),
          md(f.region),
          md(f.reason),
        ]),
      ),
      '',
    );
  }
  if (summary.coverage.gapsByIamAction.length > 0) {
    lines.push(
      ...tableLines(
        ['IAM action', 'Error codes', 'Targets'],
        summary.coverage.gapsByIamAction.map((g) => [
          md(g.iamAction),
          md(g.errorCodes.join(', ')),
          String(g.targets),
        ]),
      ),
      '',
    );
  }
  lines.push(
    `## Changes since ${diff.previousScanId ? md(diff.previousScanId) : 'the previous scan (first scan)'}`,
    '',
    `${diff.regressed.length} regressed, ${diff.new.length} new, ${diff.persisting.length} persisting, ${diff.resolved.length} resolved, ${diff.unverified.length} not re-checked.`,
    '',
  );
  if (diff.regressed.length + diff.new.length > 0) {
    yield flush();
    yield* findingTableChunks([...diff.regressed, ...diff.new]);
    lines.push('');
  }
  lines.push('## Clusters', '');
  for (const cluster of inventory) {
    yield flush();
    const exposed = cluster.loadBalancers ?? [];
    const key = `${cluster.accountId}/${cluster.region}/${cluster.clusterName}`;
    lines.push(
      `### ${md(cluster.clusterName)} (${md(cluster.accountId)}/${md(cluster.region)})`,
      '',
      '#### Exposure',
      '',
      ...(exposed.length === 0
        ? ['No internet-facing load balancer.']
        : tableLines(
            [
              'Load balancer',
              'Type',
              'Serves',
              'Listeners',
              'Admitted peers',
              'Findings',
            ],
            exposed.map((lb) => [
              md(lb.name),
              md(lb.type),
              lb.owner
                ? `${md(lb.ownerKind)} ${md(lb.owner)} (${md(lb.controller)})`
                : `unknown owner (${md(lb.controller)})`,
              md(lb.listeners.join(', ')),
              md(lb.frontendAccess.join('; ')),
              failing
                .filter(
                  (f) =>
                    f.resourceId === lb.arn &&
                    `${f.accountId}/${f.region}/${f.clusterName ?? ''}` === key,
                )
                .map((f) => `${md(f.ruleId)} (${f.severity})`)
                .join(', ') || 'none',
            ]),
          )),
      '',
      ...tableLines(
        ['AZ', 'Subnet', 'Roles', 'Free', 'Usable'],
        cluster.subnets.map((s) => [
          md(s.availabilityZone),
          md(s.subnetId),
          md(s.roles.join(', ')),
          String(s.available),
          String(s.usable),
        ]),
      ),
      '',
    );
    if (cluster.nodes.length > 0) {
      lines.push(
        ...tableLines(
          [
            'Node',
            'Type',
            'CNI mode',
            'ENIs',
            'Secondary IPs',
            'Prefixes',
            'Max pods',
            'Branch ENIs',
          ],
          cluster.nodes.map((n) => [
            md(n.instanceId),
            md(n.instanceType),
            md(n.cniMode),
            `${n.enisAttached}/${n.eniLimit ?? '?'}`,
            String(n.secondaryIps),
            String(n.ipv4Prefixes),
            n.maxPods === undefined ? '?' : String(n.maxPods),
            `${n.branchEnis}/${n.branchLimit ?? '?'}`,
          ]),
        ),
        '',
      );
    }
  }
  lines.push('## Failing results', '');
  yield flush();
  const byRule = new Map<string, FindingDetail[]>();
  for (const finding of failing) {
    const list = byRule.get(finding.ruleId) ?? [];
    list.push(finding);
    byRule.set(finding.ruleId, list);
  }
  for (const rule of summary.byRule) {
    const findings = byRule.get(rule.ruleId);
    if (!findings || findings.length === 0) continue;
    const first = findings[0] as FindingDetail;
    lines.push(
      `### ${md(rule.ruleId)} ${md(rule.title)} (${rule.severity}, ${findings.length})`,
      '',
      `Remediation: ${md(first.remediation.text)}`,
      '',
    );
    if (first.remediation.cli) {
      lines.push(
        '```sh',
        first.remediation.cli.replace(/```/g, "'''"),
        '```',
        '',
      );
    }
    yield flush();
    yield* findingTableChunks(findings);
    lines.push('');
  }
  if (summary.waivers.expired.length > 0) {
    lines.push(
      '## Expired waivers',
      '',
      ...tableLines(
        ['Rule', 'Resource', 'Owner', 'Expired', 'Reason'],
        summary.waivers.expired.map((w) => [
          md(w.rule),
          md(w.resource),
          md(w.owner),
          md(w.expires),
          md(w.reason),
        ]),
      ),
      '',
    );
  }
  yield flush();
}

/**
 * Renders the Markdown report.
 *
 * @example
 * const text = renderMarkdown({ summary, diff, failing, inventory });
 */
const renderMarkdown = (input: ReportInput): string =>
  [...renderMarkdownChunks(input)].join('');

export { renderMarkdown, renderMarkdownChunks };
