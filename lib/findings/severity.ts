/**
 * Severity order shared by the diff, the reports and `--fail-on`.
 *
 * @module
 */
import type { Severity } from '../engine/types.js';

/** Severities from most to least severe. */
const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

const rank: Readonly<Record<Severity, number>> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/** Sort comparator: most severe first. */
const bySeverity = (a: Severity, b: Severity): number => rank[a] - rank[b];

/** True when `severity` is at least as severe as `threshold`. */
const atOrAbove = (severity: Severity, threshold: Severity): boolean =>
  rank[severity] <= rank[threshold];

/** Zero counts for every severity. */
const emptySeverityCounts = (): Record<Severity, number> => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
});

export { atOrAbove, bySeverity, emptySeverityCounts, SEVERITIES };
