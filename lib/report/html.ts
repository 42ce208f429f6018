/**
 * The self-contained HTML report: one file with inline CSS and SVG, no
 * script, no external request. Every string that came from AWS (or from a
 * policy) goes through {@link escapeHtml}.
 *
 * @module
 */
import { SEVERITIES } from '../findings/severity.js';
import type { FindingRef, ScanDiff } from '../findings/types.js';
import { escapeHtml as h } from './text.js';
import type {
  ClusterInventory,
  FindingDetail,
  LoadBalancerInventory,
  ScanSummary,
  SubnetInventory,
} from './types.js';

/** What the HTML and Markdown reports are rendered from. */
interface ReportInput {
  readonly summary: ScanSummary;
  readonly diff: ScanDiff;
  /** Every failing result (waived ones included). */
  readonly failing: readonly FindingDetail[];
  readonly inventory: readonly ClusterInventory[];
}

const CSS = `
:root{--crit:#8b0000;--high:#d9480f;--med:#e8a200;--low:#1c7ed6;--info:#6c757d;--ok:#2b8a3e;--bg:#f8f9fa;--line:#dee2e6}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#212529;background:#fff}
header{background:#1b2a41;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85}
main{padding:16px 24px;max-width:1400px}section{margin:0 0 28px}h2{font-size:17px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--bg)}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}pre{background:var(--bg);padding:6px;white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0}
td code,.nw{white-space:nowrap}#findings td:nth-child(6){width:30%;min-width:260px}#findings td pre{margin:0}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px}.card b{display:block;font-size:22px}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:11px;font-weight:600;text-transform:uppercase}
.critical{background:var(--crit)}.high{background:var(--high)}.medium{background:var(--med);color:#000}.low{background:var(--low)}.info{background:var(--info)}
.legend{font-size:12px;margin:2px 0 4px}.legend i{display:inline-block;width:10px;height:10px;margin:0 3px 0 10px;vertical-align:-1px}
.waived{opacity:.6}.muted{color:#6c757d}.bar text{font-size:11px}details{margin:4px 0}summary{cursor:pointer}
`;

const sevBadge = (severity: string): string =>
  `<span class="sev ${h(severity)}">${h(severity)}</span>`;

const num = (n: number): string => n.toLocaleString('en-US');

const table = (
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string =>
  `<table><thead><tr>${headers.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** Horizontal bars of used vs free addresses per subnet, grouped by AZ. */
const subnetBars = (subnets: readonly SubnetInventory[]): string => {
  if (subnets.length === 0) return '<p class="muted">No subnets.</p>';
  const sorted = [...subnets].sort(
    (a, b) =>
      a.availabilityZone.localeCompare(b.availabilityZone) ||
      a.subnetId.localeCompare(b.subnetId),
  );
  const rowHeight = 22;
  const labelWidth = 330;
  const barWidth = 420;
  const rows = sorted.map((subnet, index) => {
    const usable = Math.max(subnet.usable, 1);
    const free = Math.min(Math.max(subnet.available, 0), usable);
    const freeShare = free / usable;
    const usedWidth = Math.round((1 - freeShare) * barWidth);
    const color =
      freeShare < 0.1
        ? 'var(--crit)'
        : freeShare < 0.25
          ? 'var(--med)'
          : 'var(--ok)';
    const y = index * rowHeight;
    const label = `${subnet.availabilityZone} ${subnet.subnetId} (${subnet.roles.join(', ')})`;
    return `<g class="bar" transform="translate(0,${y})"><text x="0" y="15">${h(label)}</text><rect x="${labelWidth}" y="3" width="${barWidth}" height="15" fill="#e9ecef"/><rect x="${labelWidth}" y="3" width="${usedWidth}" height="15" fill="${color}"/><text x="${labelWidth + barWidth + 6}" y="15">${num(subnet.usable - free)} used, ${num(free)} free of ${num(subnet.usable)}</text></g>`;
  });
  const height = sorted.length * rowHeight + 4;
  // Bars are the used share; their colour says how much room is left.
  const legend =
    '<p class="legend muted">Bar = addresses in use;<i style="background:var(--ok)"></i>25 % or more free<i style="background:var(--med)"></i>10–25 % free<i style="background:var(--crit)"></i>under 10 % free</p>';
  return `${legend}<svg role="img" aria-label="Subnet IP headroom" width="${labelWidth + barWidth + 240}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
};

const eniCell = (used: number, limit?: number): string => {
  if (limit === undefined) return `${num(used)} / ?`;
  const width = 80;
  const filled = Math.round(Math.min(used / Math.max(limit, 1), 1) * width);
  const color = used >= limit ? 'var(--high)' : 'var(--ok)';
  return `<svg width="${width}" height="10" xmlns="http://www.w3.org/2000/svg"><rect width="${width}" height="10" fill="#e9ecef"/><rect width="${filled}" height="10" fill="${color}"/></svg> ${num(used)} / ${num(limit)}`;
};

/** Rows per chunk of a long table: 100,000 findings are not one string. */
const ROWS_PER_CHUNK = 256;

/**
 * The same bytes as {@link table}, as chunks of at most
 * {@link ROWS_PER_CHUNK} rows, each row's cells made only when its chunk is.
 */
function* tableChunks<T>(
  headers: readonly string[],
  items: readonly T[],
  cells: (item: T) => readonly string[],
): Generator<string> {
  yield `<table><thead><tr>${headers.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>`;
  for (let start = 0; start < items.length; start += ROWS_PER_CHUNK) {
    let chunk = '';
    const end = Math.min(start + ROWS_PER_CHUNK, items.length);
    for (let i = start; i < end; i += 1) {
      chunk += `<tr>${cells(items[i] as T)
        .map((c) => `<td>${c}</td>`)
        .join('')}</tr>`;
    }
    yield chunk;
  }
  yield '</tbody></table>';
}

const findingCells = (f: FindingRef): string[] => [
  sevBadge(f.severity) + (f.waived ? ' <span class="muted">waived</span>' : ''),
  `<code>${h(f.ruleId)}</code>`,
  `<span class="nw">${h(f.accountId)} / ${h(f.region)}</span>`,
  h(f.clusterName ?? ''),
  `<code>${h(f.resourceId)}</code>`,
  h(f.message),
];

const findingRows = (findings: readonly FindingRef[]): Generator<string> =>
  tableChunks(
    ['Severity', 'Rule', 'Account / region', 'Cluster', 'Resource', 'Message'],
    findings,
    findingCells,
  );

/** One `key: value` line per evidence field, values as compact JSON. */
const evidenceText = (evidence: Readonly<Record<string, unknown>>): string =>
  Object.entries(evidence)
    .map(([key, value]) => `${key}: ${JSON.stringify(value) ?? 'null'}`)
    .join('\n');

/**
 * Internet-facing load balancers of one cluster with what they serve, their
 * listeners, the peers their security groups admit and their findings.
 */
const exposureTable = (
  loadBalancers: readonly LoadBalancerInventory[],
  findings: readonly FindingRef[],
): string =>
  loadBalancers.length === 0
    ? '<p class="muted">No internet-facing load balancer.</p>'
    : table(
        [
          'Load balancer',
          'Type',
          'Serves',
          'Listeners',
          'Admitted peers',
          'Findings',
        ],
        loadBalancers.map((lb) => [
          `<code>${h(lb.name)}</code><br><span class="muted">${h(lb.dnsName)}</span>`,
          h(lb.type),
          `${lb.owner ? `${h(lb.ownerKind)} <code>${h(lb.owner)}</code>` : 'unknown owner'} <span class="muted">(${h(lb.controller)})</span>`,
          lb.listeners.map((l) => `<code>${h(l)}</code>`).join('<br>'),
          lb.frontendAccess.map((p) => h(p)).join('<br>'),
          findings
            .filter((f) => f.resourceId === lb.arn)
            .map((f) => `${sevBadge(f.severity)} ${h(f.ruleId)}`)
            .join('<br>') || '<span class="muted">none</span>',
        ]),
      );

const safeHref = (url: string): string =>
  /^https?:\/\//i.test(url) ? h(url) : '#';

/**
 * Renders the whole report as chunks, in order; joined they are
 * {@link renderHtml}'s text. No chunk holds more than one section's head,
 * one cluster's inventory or a few hundred table rows, so a writer can store
 * the report without the whole document ever being one string.
 *
 * @example
 * for (const chunk of renderHtmlChunks(input)) out.write(chunk);
 */
function* renderHtmlChunks(input: ReportInput): Generator<string> {
  const { summary, diff, failing, inventory } = input;
  yield `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>eks-netscan report ${h(summary.scanId)}</title><style>${CSS}</style></head><body>`;
  yield `<header><h1>eks-netscan report</h1><p>Scan <code>${h(summary.scanId)}</code>${summary.finishedAt ? `, finished ${h(summary.finishedAt)}` : ''}. ${num(summary.accounts)} accounts, ${num(summary.coverage.targets)} targets.</p></header><main>`;

  yield [
    '<section id="summary"><h2>Summary</h2><div class="cards">',
    ...SEVERITIES.map(
      (s) =>
        `<div class="card">${sevBadge(s)}<b>${num(summary.failBySeverity[s])}</b>failing (${num(summary.diff.newBySeverity[s])} new)</div>`,
    ),
    `<div class="card">waived<b>${num(summary.totals.waived)}</b>failing, waived</div>`,
    `<div class="card">unknown<b>${num(summary.totals.unknown)}</b>could not be checked</div>`,
    `<div class="card">passed<b>${num(summary.totals.pass)}</b>of ${num(summary.totals.total)} results</div>`,
    '</div>',
  ].join('');
  yield* tableChunks(
    ['Rule', 'Title', 'Severity', 'Fail', 'Waived', 'Unknown', 'Pass', 'Skip'],
    summary.byRule,
    (r) => [
      `<code>${h(r.ruleId)}</code>`,
      h(r.title),
      sevBadge(r.severity),
      num(r.fail),
      num(r.waived),
      num(r.unknown),
      num(r.pass),
      num(r.skip),
    ],
  );
  yield '</section>';

  const { coverage } = summary;
  yield `<section id="coverage"><h2>Coverage</h2><p>${num(coverage.ok)} of ${num(coverage.targets)} targets complete; ${num(coverage.failed.length)} failed; ${num(coverage.withGaps)} with gaps. Rules whose inputs could not be read are reported as <b>unknown</b>, never as passing.</p>`;
  if (coverage.failed.length > 0) {
    yield* tableChunks(
      ['Account', 'Region', 'Reason'],
      coverage.failed,
      (f) => [h(f.accountId), h(f.region), h(f.reason)],
    );
  }
  if (coverage.gapsByIamAction.length > 0) {
    yield '<h3>Missing permissions and failed calls</h3>';
    yield* tableChunks(
      ['IAM action', 'Error codes', 'Targets'],
      coverage.gapsByIamAction,
      (g) => [
        `<code>${h(g.iamAction)}</code>`,
        h(g.errorCodes.join(', ')),
        num(g.targets),
      ],
    );
  }
  yield '</section>';

  yield `<section id="diff"><h2>Changes since ${diff.previousScanId ? `scan <code>${h(diff.previousScanId)}</code>` : 'the previous scan (none: first scan)'}</h2><p>${num(diff.regressed.length)} regressed, ${num(diff.new.length)} new, ${num(diff.persisting.length)} persisting, ${num(diff.resolved.length)} resolved, ${num(diff.unverified.length)} not re-checked.</p>`;
  if (diff.regressed.length > 0) {
    yield '<h3>Regressed (was passing)</h3>';
    yield* findingRows(diff.regressed);
  }
  if (diff.new.length > 0) {
    yield '<h3>New</h3>';
    yield* findingRows(diff.new);
  }
  if (diff.resolved.length > 0) {
    yield `<details><summary>Resolved (${num(diff.resolved.length)})</summary>`;
    yield* findingRows(diff.resolved);
    yield '</details>';
  }
  if (diff.unverified.length > 0) {
    yield `<details><summary>Not re-checked (${num(diff.unverified.length)})</summary>`;
    yield* findingRows(diff.unverified);
    yield '</details>';
  }
  if (diff.regressed.length + diff.new.length === 0) {
    yield '<p>No new or regressed findings.</p>';
  }
  yield '</section>';

  yield '<section id="clusters"><h2>Clusters</h2>';
  const clusterCounts = new Map(
    summary.byCluster.map((c) => [
      `${c.accountId}/${c.region}/${c.clusterName}`,
      c,
    ]),
  );
  const failingByCluster = new Map<string, FindingDetail[]>();
  for (const finding of failing) {
    if (!finding.clusterName) continue;
    const key = `${finding.accountId}/${finding.region}/${finding.clusterName}`;
    const list = failingByCluster.get(key) ?? [];
    list.push(finding);
    failingByCluster.set(key, list);
  }
  for (const cluster of inventory) {
    const key = `${cluster.accountId}/${cluster.region}/${cluster.clusterName}`;
    const counts = clusterCounts.get(key);
    const findings = failingByCluster.get(key) ?? [];
    yield [
      `<article class="cluster" id="cluster-${h(key)}"><h3>${h(cluster.clusterName)} <span class="muted">${h(cluster.accountId)} / ${h(cluster.region)}</span></h3>`,
      `<p>${counts ? SEVERITIES.map((s) => `${sevBadge(s)} ${num(counts.failBySeverity[s])}`).join(' ') : 'No failing results.'}</p>`,
      '<h4>Subnet IP headroom per AZ</h4>',
      subnetBars(cluster.subnets),
      '<h4>ENI layout per node</h4>',
      cluster.nodes.length === 0
        ? '<p class="muted">No nodes visible.</p>'
        : table(
            [
              'Node',
              'Type',
              'CNI mode',
              'ENIs used / allowed',
              'Secondary IPs',
              '/28 prefixes',
              'Max pods',
              'Branch ENIs',
            ],
            cluster.nodes.map((n) => [
              `<code>${h(n.instanceId)}</code>`,
              h(n.instanceType),
              h(n.cniMode),
              eniCell(n.enisAttached, n.eniLimit),
              num(n.secondaryIps),
              num(n.ipv4Prefixes),
              n.maxPods === undefined ? '?' : num(n.maxPods),
              n.branchLimit === undefined
                ? num(n.branchEnis)
                : eniCell(n.branchEnis, n.branchLimit),
            ]),
          ),
      '<h4>Exposure</h4>',
      exposureTable(cluster.loadBalancers ?? [], findings),
    ].join('');
    if (findings.length > 0) {
      yield `<details><summary>Failing results (${num(findings.length)})</summary>`;
      yield* findingRows(findings);
      yield '</details>';
    }
    yield '</article>';
  }
  // The grouping is only needed for the clusters.
  failingByCluster.clear();
  if (inventory.length === 0) yield '<p>No clusters found.</p>';
  yield '</section>';

  yield '<section id="findings"><h2>Every failing result</h2>';
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
    yield [
      `<article class="rule" id="rule-${h(rule.ruleId)}"><h3>${sevBadge(rule.severity)} <code>${h(rule.ruleId)}</code> ${h(rule.title)} (${num(findings.length)})</h3>`,
      `<p><b>Remediation:</b> ${h(first.remediation.text)}</p>`,
      first.remediation.cli ? `<pre>${h(first.remediation.cli)}</pre>` : '',
      first.references.length > 0
        ? `<p>${first.references.map((r) => `<a href="${safeHref(r)}" rel="noreferrer">${h(r)}</a>`).join(' · ')}</p>`
        : '',
    ].join('');
    yield* tableChunks(
      [
        'Severity',
        'Account / region',
        'Cluster',
        'Resource',
        'Message',
        'Evidence',
      ],
      findings,
      (f) => [
        sevBadge(f.severity) +
          (f.waiver
            ? `<div class="muted">waived by ${h(f.waiver.owner)} until ${h(f.waiver.expires)}: ${h(f.waiver.reason)}</div>`
            : ''),
        `<span class="nw">${h(f.accountId)} / ${h(f.region)}</span>`,
        h(f.clusterName ?? ''),
        `<code>${h(f.resourceId)}</code>`,
        h(f.message),
        `<pre>${h(evidenceText(f.evidence))}</pre>`,
      ],
    );
    yield '</article>';
    byRule.delete(rule.ruleId);
  }
  if (failing.length === 0) yield '<p>No failing results.</p>';
  yield '</section>';

  const { used, expired } = summary.waivers;
  yield `<section id="waivers"><h2>Waivers</h2><p>${num(used.length)} in use, ${num(expired.length)} expired (expired waivers no longer apply).</p>`;
  if (expired.length > 0) {
    yield* tableChunks(
      ['Rule', 'Resource', 'Owner', 'Expired', 'Reason'],
      expired,
      (w) => [
        `<code>${h(w.rule)}</code>`,
        `<code>${h(w.resource)}</code>`,
        h(w.owner),
        h(w.expires),
        h(w.reason),
      ],
    );
  }
  if (used.length > 0) {
    yield* tableChunks(
      ['Rule', 'Resource', 'Owner', 'Expires', 'Results', 'Reason'],
      used,
      (w) => [
        `<code>${h(w.rule)}</code>`,
        `<code>${h(w.resource)}</code>`,
        h(w.owner),
        h(w.expires),
        num(w.results),
        h(w.reason),
      ],
    );
  }
  yield '</section></main></body></html>\n';
}

/**
 * Renders the whole report.
 *
 * @example
 * const html = renderHtml({ summary, diff, failing, inventory });
 */
const renderHtml = (input: ReportInput): string =>
  [...renderHtmlChunks(input)].join('');

export type { ReportInput };
export { renderHtml, renderHtmlChunks };
