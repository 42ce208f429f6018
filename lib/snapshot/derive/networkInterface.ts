/**
 * The `networkInterface` facts: one per ENI, with its §1.4 classification,
 * the addresses it holds, and the NET-CNI-008 leak fingerprint and age.
 *
 * `subnetLeakedSharePercent` sums every leak candidate of the subnet, young
 * and untagged ones included: the age threshold is a policy parameter, and
 * those ENIs hold the subnet's addresses all the same. The policy only
 * escalates ENIs that fail on their own age.
 *
 * @module
 */
import type { NetworkInterfaceFacts } from '../facts.js';
import type { NetworkInterface } from '../types.js';
import { ec2Arn, nameOf } from './common.js';
import type { DeriveContext } from './context.js';
import { eniIpCount, isLeakCandidate } from './enis.js';
import { usableIpCount } from './free28.js';
import { subnetRouting } from './network.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Tag the CNI stamps with the ENI's creation time (RFC 3339). */
const CREATED_AT_TAG = 'node.k8s.amazonaws.com/createdAt';

/**
 * Seconds between an ENI's `createdAt` tag and the snapshot's collection
 * time; `undefined` without a parseable tag. Never negative (clock skew).
 */
const ageSeconds = (
  ctx: DeriveContext,
  eni: NetworkInterface,
): number | undefined => {
  const created = eni.tags[CREATED_AT_TAG];
  if (created === undefined) return undefined;
  const createdMs = Date.parse(created);
  if (Number.isNaN(createdMs) || Number.isNaN(ctx.nowMs)) return undefined;
  return Math.max(0, (ctx.nowMs - createdMs) / 1000);
};

const arnPrefixCache = new WeakMap<DeriveContext, string>();

/**
 * ARN of an ENI; the `arn:<partition>:ec2:<region>:` prefix is built once
 * per context (100,000 ENIs make the string work visible).
 */
const eniArn = (
  ctx: DeriveContext,
  id: string,
  ownerId: string | undefined,
): string => {
  let prefix = arnPrefixCache.get(ctx);
  if (prefix === undefined) {
    prefix = ec2Arn(ctx.snapshot.target, 'network-interface', '', '');
    prefix = prefix.slice(0, prefix.length - ':network-interface/'.length);
    arnPrefixCache.set(ctx, prefix);
  }
  return `${prefix}${ownerId ?? ctx.snapshot.target.accountId}:network-interface/${id}`;
};

/** Sorted, de-duplicated copy of a short id list, without Set overhead. */
const sortedIds = (ids: readonly string[]): string[] => {
  const sorted = [...ids].sort();
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[kept - 1]) {
      sorted[kept++] = sorted[i] as string;
    }
  }
  sorted.length = kept;
  return sorted;
};

const usableCache = new WeakMap<DeriveContext, Map<string, number>>();

/** Usable addresses of a subnet, memoised per context (many ENIs share one). */
const usableOf = (ctx: DeriveContext, subnetId: string): number => {
  let perContext = usableCache.get(ctx);
  if (perContext === undefined) {
    perContext = new Map();
    usableCache.set(ctx, perContext);
  }
  let usable = perContext.get(subnetId);
  if (usable === undefined) {
    usable = usableIpCount(ctx.subnetById.get(subnetId)?.cidrBlock);
    perContext.set(subnetId, usable);
  }
  return usable;
};

const leakedCache = new WeakMap<DeriveContext, Map<string, number>>();

/**
 * Addresses held by leak-candidate ENIs per subnet, built in one pass over
 * the ENIs and memoised per context.
 */
const leakedIpsBySubnet = (ctx: DeriveContext): Map<string, number> => {
  let bySubnet = leakedCache.get(ctx);
  if (bySubnet === undefined) {
    bySubnet = new Map();
    for (const eni of ctx.snapshot.networkInterfaces ?? []) {
      if (!isLeakCandidate(eni)) continue;
      bySubnet.set(
        eni.subnetId,
        (bySubnet.get(eni.subnetId) ?? 0) + eniIpCount(eni),
      );
    }
    leakedCache.set(ctx, bySubnet);
  }
  return bySubnet;
};

/**
 * Facts of one ENI.
 *
 * @param ctx - the derive context
 * @param eni - the ENI
 * @returns its facts; `instanceId` and `ageSeconds` absent when unknown
 * @example
 * ```ts
 * networkInterfaceFacts(ctx, eni).leakCandidate;
 * ```
 */
const networkInterfaceFacts = (
  ctx: DeriveContext,
  eni: NetworkInterface,
): NetworkInterfaceFacts => {
  const id = eni.networkInterfaceId;
  const klass = ctx.eniClass.get(id);
  const ipCount = eniIpCount(eni);
  const usable = usableOf(ctx, eni.subnetId);
  const age = ageSeconds(ctx, eni);
  // Built by assignment: object spreads for optional keys cost measurably
  // at 100,000 ENIs.
  const facts: Writable<NetworkInterfaceFacts> = {
    kind: 'networkInterface',
    id,
    name: nameOf(eni.tags, id),
    arn: eniArn(ctx, id, eni.ownerId),
    vpcId: eni.vpcId,
    eniKind: klass?.kind ?? 'other',
    status: eni.status,
    interfaceType: eni.interfaceType,
    description: eni.description,
    subnetId: eni.subnetId,
    availabilityZone: eni.availabilityZone,
    ipCount,
    leakCandidate: isLeakCandidate(eni),
    subnetSharePercent: usable > 0 ? (ipCount / usable) * 100 : 0,
    subnetLeakedSharePercent:
      usable > 0
        ? ((leakedIpsBySubnet(ctx).get(eni.subnetId) ?? 0) / usable) * 100
        : 0,
    inPublicSubnet: subnetRouting(ctx, eni.subnetId, eni.vpcId).isPublic,
    groupIds: sortedIds(eni.groupIds),
    tags: { ...eni.tags },
  };
  if (klass?.clusterName !== undefined) facts.clusterName = klass.clusterName;
  if (klass?.instanceId !== undefined) facts.instanceId = klass.instanceId;
  if (age !== undefined) facts.ageSeconds = age;
  return facts;
};

/**
 * Facts of every ENI in the snapshot (unsorted; `derive()` sorts by id).
 *
 * @param ctx - the derive context
 * @returns one entry per ENI; none when ENIs were not collected
 */
const buildNetworkInterfaces = (ctx: DeriveContext): NetworkInterfaceFacts[] =>
  (ctx.snapshot.networkInterfaces ?? []).map((eni) =>
    networkInterfaceFacts(ctx, eni),
  );

export { buildNetworkInterfaces, CREATED_AT_TAG, networkInterfaceFacts };
