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

const findingTable = (findings: readonly FindingRef[]): string[] =>
  tableLines(
    ['Severity', 'Rule', 'Account/region', 'Cluster', 'Resource', 'Message'],
    findings.map((f) => [
      `${f.severity}${f.waived ? ' (waived)' : ''}`,
      md(f.ruleId),
      `${md(f.accountId)}/${md(f.region)}`,
      md(f.clusterName ?? ''),
      md(f.resourceId),
      md(f.message),
    ]),
  );

/**
 * Renders the Markdown report.
 *
 * @example
 * const text = renderMarkdown({ summary, diff, failing, inventory });
 */
const renderMarkdown = (input: ReportInput): string => {
  const { summary, diff, failing, inventory } = input;
  const lines: string[] = [
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
    lines.push(...findingTable([...diff.regressed, ...diff.new]), '');
  }
  lines.push('## Clusters', '');
  for (const cluster of inventory) {
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
    lines.push(...findingTable(findings), '');
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
  return `${lines.join('\n')}\n`;
};

export { renderMarkdown };
