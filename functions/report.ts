/**
 * `report`: the last state of the scan state machine. Marks manifest targets
 * that stored no status (their Lambda failed or timed out) as failed, then
 * runs `runReport()` of `lib/run`: read the scan's results, diff against
 * `latest.json`, store the reports, publish the digest (subject to the
 * notify threshold) and move `latest.json`.
 *
 * @module
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { SinkError } from '../lib/errors.js';
import { SnsNotifier } from '../lib/notify/snsNotifier.js';
import type { Notifier } from '../lib/notify/types.js';
import { complianceOf } from '../lib/run/compliance.js';
import { runReport } from '../lib/run/runReport.js';
import type { TargetRunStatus } from '../lib/run/types.js';
import type { Target } from '../lib/snapshot/types.js';
import { reportKey, statusKey, targetsPrefix } from '../lib/store/keys.js';
import type { ResultStore } from '../lib/store/types.js';
import { resultStore } from './lib/clients.js';
import { type HandlerConfig, readHandlerConfig } from './lib/config.js';
import { lambdaHandler } from './lib/handler.js';
import { logger, tagLogs } from './lib/logger.js';
import { manifestKey } from './lib/manifest.js';
import { gateNotifier } from './lib/notifyGate.js';
import { bundledPolicies } from './lib/policies.js';
import { type ReportEvent, validateEvent } from './lib/validate.js';

/** What `report` returns to the state machine. */
interface ReportResult {
  readonly scanId: string;
  readonly subject: string;
  readonly targetsOk: number;
  readonly targetsFailed: number;
  /** Whether the digest was published (the threshold may hold it back). */
  readonly published: boolean;
  readonly movedLatest: boolean;
  /** `s3://…/report.html`. */
  readonly report: string;
}

/** What {@link reportScan} needs besides the event. */
interface ReportDeps {
  readonly config: HandlerConfig;
  readonly store: ResultStore;
  /** Receives the digest (behind the notify threshold). */
  readonly notifier: Notifier;
  readonly now?: () => Date;
}

/** Manifest targets with no `status.json`, as failed statuses. */
const missingStatuses = async (
  store: ResultStore,
  scanId: string,
  now: Date,
): Promise<TargetRunStatus[]> => {
  const bytes = await store.get(manifestKey(scanId));
  if (!bytes) return [];
  const targets = JSON.parse(Buffer.from(bytes).toString('utf8')) as Target[];
  // One listing instead of a read per target: manifests run to thousands.
  const stored = new Set(await store.list(targetsPrefix(scanId)));
  const missing: TargetRunStatus[] = [];
  for (const target of targets) {
    if (stored.has(statusKey(scanId, target))) continue;
    missing.push({
      status: 'error',
      reason:
        'NotScanned: scanTarget stored no status (its Lambda failed or timed out)',
      errorCode: 'NotScanned',
      accountId: target.accountId,
      ...(target.accountName ? { accountName: target.accountName } : {}),
      region: target.region,
      apiCalls: 0,
      gaps: 0,
      clusters: 0,
      enis: 0,
      durationMs: 0,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
    });
  }
  return missing;
};

/**
 * Reports one scan.
 *
 * @throws {SinkError} When the digest could not be published; the reports
 *   and `latest.json` are stored by then, so a retry is safe.
 * @example
 * const out = await reportScan({ scanId }, { config, store, notifier });
 */
const reportScan = async (
  event: ReportEvent,
  deps: ReportDeps,
): Promise<ReportResult> => {
  const { scanId } = event;
  tagLogs({ scanId });
  const now = deps.now ?? (() => new Date());
  const knownStatuses = await missingStatuses(deps.store, scanId, now());
  for (const status of knownStatuses) {
    logger.warn('target without status', {
      failedAccountId: status.accountId,
      failedRegion: status.region,
    });
  }
  const { policies } = await bundledPolicies();
  const notifier = gateNotifier(deps.notifier, deps.config.notifyThreshold);
  const reportLocation = `s3://${deps.config.bucket}/${reportKey(scanId, 'report.html')}`;
  const outcome = await runReport(scanId, deps.store, {
    now,
    compliance: complianceOf(policies),
    notifier,
    reportLocation,
    knownStatuses,
    warn: (message) => logger.warn(message),
  });
  const { coverage } = outcome.summary;
  logger.info('scan reported', {
    subject: outcome.subject,
    published: notifier.published,
    movedLatest: outcome.movedLatest,
  });
  if (outcome.notifyError) {
    throw new SinkError(
      `scan ${scanId}: reports stored but the digest was not published: ${outcome.notifyError}`,
    );
  }
  return {
    scanId,
    subject: outcome.subject,
    targetsOk: coverage.ok,
    targetsFailed: coverage.failed.length,
    published: notifier.published,
    movedLatest: outcome.movedLatest,
    report: reportLocation,
  };
};

let sns: SNSClient | undefined;

/** Lambda entry point (Step Functions `Report` state). */
const handler = lambdaHandler('report', async (raw) => {
  const event = validateEvent('report', raw);
  const config = readHandlerConfig(process.env, { topic: true });
  sns ??= new SNSClient({});
  return reportScan(event, {
    config,
    store: resultStore(config),
    notifier: new SnsNotifier(sns, config.topicArn ?? ''),
  });
});

export type { ReportDeps, ReportResult };
export { handler, reportScan };
