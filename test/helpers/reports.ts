/**
 * Builds a summary, diff and report input from results, the way the report
 * stage does, for report tests.
 */
import type { Result } from '../../lib/engine/types.js';
import { diffScans, indexPreviousScan } from '../../lib/findings/diff.js';
import { toFindingRef } from '../../lib/findings/types.js';
import type { ReportInput } from '../../lib/report/html.js';
import { SummaryBuilder } from '../../lib/report/summarize.js';
import type {
  ClusterInventory,
  FindingDetail,
  TargetOutcome,
} from '../../lib/report/types.js';

const okOutcome = (accountId: string, region = 'us-east-1'): TargetOutcome => ({
  accountId,
  region,
  status: 'ok',
  gaps: [],
  apiCalls: 33,
  durationMs: 1200,
  clusters: 1,
});

/** Summary, diff and details for `current`, diffed against `previous`. */
const buildReportInput = (input: {
  current: readonly Result[];
  previous?: readonly Result[];
  outcomes?: readonly TargetOutcome[];
  inventory?: readonly ClusterInventory[];
}): ReportInput => {
  const builder = new SummaryBuilder();
  for (const result of input.current) builder.add(result);
  const diff = diffScans(
    input.current,
    input.previous ? indexPreviousScan('scan-prev', input.previous) : undefined,
  );
  const outcomes =
    input.outcomes ??
    [...new Set(input.current.map((r) => r.accountId))].map((a) =>
      okOutcome(a),
    );
  const summary = builder.build({
    scanId: 'scan-now',
    finishedAt: '2026-11-26T06:10:00.000Z',
    outcomes,
    diff,
  });
  const failing: FindingDetail[] = input.current
    .filter((r) => r.status === 'fail')
    .map((r) => ({
      ...toFindingRef(r),
      evidence: r.evidence,
      remediation: r.remediation,
      references: r.references,
      ...(r.waiver ? { waiver: r.waiver } : {}),
    }));
  return { summary, diff, failing, inventory: input.inventory ?? [] };
};

export { buildReportInput, okOutcome };
