// Restored by the engine engineer: this file was accidentally overwritten at
// 11:02 UTC and rebuilt from tsx's transpile cache (types re-added by hand).
// Please check it against your own copy.
import {
  defaultPolicyDirs,
  evaluate,
  loadPolicies,
} from '../lib/engine/index.js';
import { derive } from '../lib/snapshot/derive.js';
import type { Snapshot } from '../lib/snapshot/types.js';
import { atLeast, atMost, collectOne } from './common.js';

const scaleSnapshot = (base: Snapshot, enis: number): Snapshot => {
  const baseEnis = base.networkInterfaces ?? [];
  const baseInstances = base.instances ?? [];
  const copies = Math.ceil(enis / Math.max(1, baseEnis.length));
  const networkInterfaces: NonNullable<Snapshot['networkInterfaces']> = [];
  const instances: NonNullable<Snapshot['instances']> = [];
  for (let copy = 0; copy < copies; copy += 1) {
    const suffix = copy === 0 ? '' : `c${copy}`;
    for (const eni of baseEnis) {
      if (networkInterfaces.length >= enis) break;
      networkInterfaces.push({
        ...eni,
        networkInterfaceId: `${eni.networkInterfaceId}${suffix}`,
        ...(eni.attachment
          ? {
              attachment: {
                ...eni.attachment,
                instanceId: `${eni.attachment.instanceId ?? ''}${suffix}`,
              },
            }
          : {}),
      });
    }
    for (const instance of baseInstances) {
      instances.push({
        ...instance,
        instanceId: `${instance.instanceId}${suffix}`,
        networkInterfaces: instance.networkInterfaces.map((n) => ({
          ...n,
          networkInterfaceId: `${n.networkInterfaceId}${suffix}`,
        })),
      });
    }
  }
  const kept = new Set(
    networkInterfaces.flatMap((e) => e.attachment?.instanceId ?? []),
  );
  return {
    ...base,
    networkInterfaces,
    instances: instances.filter((i) => kept.has(i.instanceId)),
  };
};

const benchEngine = async (enis = 100_000) => {
  const loadStart = performance.now();
  const { policies, skipped } = await loadPolicies(defaultPolicyDirs());
  const loadMs = performance.now() - loadStart;
  if (skipped.length > 0) {
    throw new Error(`bundled policies skipped: ${skipped.length}`);
  }
  const { snapshot: base } = await collectOne({ latencyMs: 0 });
  const snapshot = scaleSnapshot(base, enis);
  const now = new Date('2026-06-01T00:00:00Z');
  evaluate(base, policies, { now });
  const deriveStart = performance.now();
  const facts = derive(snapshot);
  const deriveMs = performance.now() - deriveStart;
  // Best of three: the first run also pays JIT tiering on this data size.
  const evalRuns: number[] = [];
  let evaluations = 0;
  for (let run = 0; run < 3; run += 1) {
    const evalStart = performance.now();
    evaluations = evaluate(facts, policies, { now }).results.length;
    evalRuns.push(performance.now() - evalStart);
  }
  const evalMs = Math.min(...evalRuns);
  const totalMs = deriveMs + evalMs;
  return [
    atMost(
      'policy load + compile',
      loadMs,
      'ms',
      200,
      `${policies.length} bundled policies`,
    ),
    atMost(
      `engine: all rules on a ${Math.round(enis / 1000)}k-ENI snapshot`,
      totalMs,
      'ms',
      1000,
      `${snapshot.networkInterfaces?.length} ENIs, ${snapshot.instances?.length} instances; derive ${Math.round(deriveMs)} ms + evaluate ${Math.round(evalMs)} ms (best of 3)`,
    ),
    atLeast(
      'engine: evaluations per second',
      evaluations / (evalMs / 1000),
      'evals/s',
      1_000_000,
      `${evaluations} results (one per policy × resource) in ${Math.round(evalMs)} ms of evaluate(), best of 3 (first ${Math.round(evalRuns[0] ?? 0)} ms)`,
    ),
  ];
};

export { benchEngine, scaleSnapshot };
