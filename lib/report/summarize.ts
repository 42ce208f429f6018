/**
 * Builds the scan summary (`summary.json`) from results streamed one at a
 * time, the target outcomes, the diff and the waivers.
 *
 * @module
 */
import type {
  Result,
  Severity,
  Status,
  Waiver,
  WaiverUse,
} from '../engine/types.js';
import { bySeverity, emptySeverityCounts } from '../findings/severity.js';
import type { ScanDiff } from '../findings/types.js';
import type {
  RuleCounts,
  ScanSummary,
  ScopeCounts,
  TargetOutcome,
} from './types.js';

interface MutableRule {
  ruleId: string;
  title: string;
  severity: Severity;
  pass: number;
  fail: number;
  unknown: number;
  skip: number;
  waived: number;
}

interface MutableScope {
  accountId: string;
  accountName?: string;
  region?: string;
  clusterName?: string;
  fail: number;
  unknown: number;
  failBySeverity: Record<Severity, number>;
}

/**
 * Accumulates results into counts without keeping them, so a scan of
 * thousands of targets can be summarised from a stream.
 */
class SummaryBuilder {
  readonly #rules = new Map<string, MutableRule>();
  readonly #accounts = new Map<string, MutableScope>();
  readonly #clusters = new Map<string, MutableScope>();
  readonly #totals: Record<Status | 'total' | 'waived', number> = {
    total: 0,
    pass: 0,
    fail: 0,
    unknown: 0,
    skip: 0,
    waived: 0,
  };
  readonly #failBySeverity = emptySeverityCounts();

  /** Counts one result. */
  add(result: Result): void {
    const waived = result.status === 'fail' && result.waiver !== undefined;
    this.#totals.total += 1;
    this.#totals[result.status] += 1;
    if (waived) this.#totals.waived += 1;

    let rule = this.#rules.get(result.ruleId);
    if (!rule) {
      rule = {
        ruleId: result.ruleId,
        title: result.title,
        severity: result.severity,
        pass: 0,
        fail: 0,
        unknown: 0,
        skip: 0,
        waived: 0,
      };
      this.#rules.set(result.ruleId, rule);
    }
    rule[result.status] += 1;
    if (waived) rule.waived += 1;
    // A rule's listed severity is its most severe outcome (overrides).
    if (
      result.status === 'fail' &&
      bySeverity(result.severity, rule.severity) < 0
    ) {
      rule.severity = result.severity;
    }

    if (result.status !== 'fail' && result.status !== 'unknown') return;
    const account = this.#scope(this.#accounts, result.accountId, {
      accountId: result.accountId,
    });
    this.#count(account, result, waived);
    if (result.clusterName) {
      const key = `${result.accountId}/${result.region}/${result.clusterName}`;
      const cluster = this.#scope(this.#clusters, key, {
        accountId: result.accountId,
        region: result.region,
        clusterName: result.clusterName,
      });
      this.#count(cluster, result, waived);
    }
    if (result.status === 'fail' && !waived) {
      this.#failBySeverity[result.severity] += 1;
    }
  }

  #scope(
    map: Map<string, MutableScope>,
    key: string,
    init: Pick<MutableScope, 'accountId' | 'region' | 'clusterName'>,
  ): MutableScope {
    let scope = map.get(key);
    if (!scope) {
      scope = {
        ...init,
        fail: 0,
        unknown: 0,
        failBySeverity: emptySeverityCounts(),
      };
      map.set(key, scope);
    }
    return scope;
  }

  #count(scope: MutableScope, result: Result, waived: boolean): void {
    if (result.status === 'unknown') {
      scope.unknown += 1;
    } else if (!waived) {
      scope.fail += 1;
      scope.failBySeverity[result.severity] += 1;
    }
  }

  /**
   * Finishes the summary.
   *
   * @param input.outcomes - one per planned target, failed ones included.
   * @param input.diff - the scan diff (its lists are counted, not copied).
   */
  build(input: {
    readonly scanId: string;
    readonly startedAt?: string;
    readonly finishedAt?: string;
    readonly outcomes: readonly TargetOutcome[];
    readonly diff: ScanDiff;
    readonly waivers?: {
      readonly used: readonly WaiverUse[];
      readonly expired: readonly Waiver[];
    };
  }): ScanSummary {
    const { outcomes, diff } = input;
    const accountNames = new Map<string, string>();
    for (const outcome of outcomes) {
      if (outcome.accountName) {
        accountNames.set(outcome.accountId, outcome.accountName);
      }
    }
    const gapActions = new Map<
      string,
      { errorCodes: Set<string>; targets: Set<string> }
    >();
    for (const outcome of outcomes) {
      for (const gap of outcome.gaps) {
        let entry = gapActions.get(gap.iamAction);
        if (!entry) {
          entry = { errorCodes: new Set(), targets: new Set() };
          gapActions.set(gap.iamAction, entry);
        }
        entry.errorCodes.add(gap.errorCode);
        entry.targets.add(`${outcome.accountId}/${outcome.region}`);
      }
    }
    const newBySeverity = emptySeverityCounts();
    for (const finding of [...diff.regressed, ...diff.new]) {
      if (!finding.waived) newBySeverity[finding.severity] += 1;
    }
    const scopeOrder = (a: ScopeCounts, b: ScopeCounts): number =>
      a.accountId.localeCompare(b.accountId) ||
      (a.region ?? '').localeCompare(b.region ?? '') ||
      (a.clusterName ?? '').localeCompare(b.clusterName ?? '');
    const withName = (scope: MutableScope): ScopeCounts => {
      const accountName = accountNames.get(scope.accountId);
      return accountName ? { ...scope, accountName } : { ...scope };
    };
    return {
      schemaVersion: 1,
      scanId: input.scanId,
      ...(input.startedAt ? { startedAt: input.startedAt } : {}),
      ...(input.finishedAt ? { finishedAt: input.finishedAt } : {}),
      accounts: new Set(outcomes.map((o) => o.accountId)).size,
      totals: { ...this.#totals },
      failBySeverity: { ...this.#failBySeverity },
      byRule: [...this.#rules.values()]
        .map((rule): RuleCounts => ({ ...rule }))
        .sort(
          (a, b) =>
            bySeverity(a.severity, b.severity) ||
            a.ruleId.localeCompare(b.ruleId),
        ),
      byAccount: [...this.#accounts.values()].map(withName).sort(scopeOrder),
      byCluster: [...this.#clusters.values()].map(withName).sort(scopeOrder),
      coverage: {
        targets: outcomes.length,
        ok: outcomes.filter((o) => o.status === 'ok').length,
        failed: outcomes
          .filter((o) => o.status === 'error')
          .map((o) => ({
            accountId: o.accountId,
            region: o.region,
            reason: o.reason ?? 'unknown error',
          }))
          .sort(
            (a, b) =>
              a.accountId.localeCompare(b.accountId) ||
              a.region.localeCompare(b.region),
          ),
        withGaps: outcomes.filter((o) => o.gaps.length > 0).length,
        gapsByIamAction: [...gapActions.entries()]
          .map(([iamAction, entry]) => ({
            iamAction,
            errorCodes: [...entry.errorCodes].sort(),
            targets: entry.targets.size,
          }))
          .sort(
            (a, b) =>
              b.targets - a.targets || a.iamAction.localeCompare(b.iamAction),
          ),
      },
      diff: {
        ...(diff.previousScanId ? { previousScanId: diff.previousScanId } : {}),
        regressed: diff.regressed.length,
        new: diff.new.length,
        persisting: diff.persisting.length,
        resolved: diff.resolved.length,
        unverified: diff.unverified.length,
        newBySeverity,
      },
      waivers: {
        used: [...(input.waivers?.used ?? [])],
        expired: [...(input.waivers?.expired ?? [])],
      },
    };
  }
}

export { SummaryBuilder };
