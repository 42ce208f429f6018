/**
 * One target (account × region) of a scan: credentials → collect → derive →
 * evaluate → store.
 *
 * @module
 */
import type { TargetClients } from '../aws/types.js';
import { collectSnapshot } from '../collect/collectSnapshot.js';
import { evaluate } from '../engine/evaluate.js';
import { CollectionError } from '../errors.js';
import { inventoryFromFacts } from '../report/inventory.js';
import { derive } from '../snapshot/derive.js';
import type { Snapshot, Target } from '../snapshot/types.js';
import {
  putInventory,
  putResults,
  putSnapshot,
  putStatus,
} from '../store/targetFiles.js';
import type { TargetStatus } from '../store/types.js';
import { errorStatus, toRunStatus } from './targetStatus.js';
import type { ScanTargetDeps, TargetRunStatus } from './types.js';

/**
 * Scans one target and stores, under `scans/<scanId>/targets/<account>/<region>/`,
 * `snapshot.json.gz`, `results.jsonl` (one Result per line, in evaluate's
 * order), `inventory.json` and `status.json`. Results reach the store as
 * soon as they are evaluated; nothing of them is returned.
 *
 * Never throws for the target's own failures (AssumeRole denied, a store
 * write that failed, anything unexpected): they become an `error` status with
 * the reason, and the scan goes on. It throws only when even `status.json`
 * cannot be written.
 *
 * @returns The small status (counts, no results).
 * @example
 * const status = await scanTarget(target, { scanId, store, factory, evaluation: { policies } });
 */
const scanTarget = async (
  target: Target,
  deps: ScanTargetDeps,
): Promise<TargetRunStatus> => {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  let clients: TargetClients | undefined;
  let status: TargetStatus;
  try {
    if (deps.signal?.aborted) {
      throw new CollectionError('scan aborted before this target started', {
        accountId: target.accountId,
        region: target.region,
        errorCode: 'Aborted',
      });
    }
    let snapshot: Snapshot;
    if (deps.source) {
      snapshot = await deps.source(target, { scanId: deps.scanId, now });
    } else {
      if (!deps.factory) {
        throw new CollectionError('no client factory to collect with', {
          accountId: target.accountId,
          region: target.region,
        });
      }
      await deps.factory.resolveCredentials(target);
      clients = deps.factory.clientsFor(target);
      snapshot = await collectSnapshot({
        target,
        scanId: deps.scanId,
        clients,
        now,
        ...(deps.instanceTypeCache
          ? { instanceTypeCache: deps.instanceTypeCache }
          : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.collectOptions ? { options: deps.collectOptions } : {}),
      });
    }
    await putSnapshot(deps.store, snapshot);
    let evaluated: Pick<TargetStatus, 'results' | 'waivers'> = {};
    if (deps.evaluation) {
      const { policies, params, waivers, accountOus } = deps.evaluation;
      const facts = derive(snapshot);
      // The snapshot's own time keeps a re-evaluation reproducible.
      const output = evaluate(facts, policies, {
        now: new Date(snapshot.collectedAt),
        scanId: deps.scanId,
        ...(params ? { params } : {}),
        ...(waivers ? { waivers } : {}),
        ...(accountOus?.get(target.accountId)
          ? { accountOus: accountOus.get(target.accountId) }
          : {}),
      });
      await putResults(deps.store, deps.scanId, target, output.results);
      await putInventory(
        deps.store,
        deps.scanId,
        target,
        inventoryFromFacts(facts),
      );
      evaluated = {
        results: output.counts,
        ...(output.waivers.used.length > 0 || output.waivers.expired.length > 0
          ? { waivers: output.waivers }
          : {}),
      };
    }
    const finishedAt = now();
    status = {
      status: 'ok',
      accountId: target.accountId,
      ...(target.accountName ? { accountName: target.accountName } : {}),
      region: target.region,
      // A snapshot from a source carries the calls its collection made.
      apiCalls: clients?.counter.total() ?? snapshot.stats.apiCalls,
      callsByAction: clients?.counter.byAction() ?? {
        ...snapshot.stats.callsByAction,
      },
      gaps: snapshot.gaps.length,
      gapDetails: snapshot.gaps.map((gap) => ({
        collection: gap.collection,
        api: gap.api,
        iamAction: gap.iamAction,
        errorCode: gap.errorCode,
      })),
      ...evaluated,
      clusters: snapshot.clusters?.length ?? 0,
      enis: snapshot.networkInterfaces?.length ?? 0,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
    };
  } catch (error) {
    status = errorStatus(target, error, startedAt, now(), clients);
  } finally {
    clients?.ec2.destroy();
    clients?.eks.destroy();
  }
  await putStatus(deps.store, deps.scanId, status);
  return toRunStatus(status);
};

export { scanTarget };
