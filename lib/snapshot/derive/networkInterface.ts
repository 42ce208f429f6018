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

/**
 * A short id list sorted and de-duplicated. Most ENIs carry one or two
 * groups already in order; those lists are shared instead of copied.
 */
const sortedIds = (ids: readonly string[]): string[] => {
  let ordered = true;
  for (let i = 1; i < ids.length; i++) {
    if ((ids[i - 1] as string) >= (ids[i] as string)) {
      ordered = false;
      break;
    }
  }
  if (ordered) return ids as string[];
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

/** What every ENI of one subnet shares. */
interface SubnetShare {
  readonly usable: number;
  readonly leakedSharePercent: number;
  readonly isPublic: boolean;
}

/** Per-context state of the ENI builder, looked up once per context. */
interface EniEnv {
  readonly arnPrefix: string;
  readonly leaked: Map<string, number>;
  readonly subnets: Map<string, SubnetShare>;
}

const envCache = new WeakMap<DeriveContext, EniEnv>();

/**
 * Addresses held by leak-candidate ENIs per subnet, built in one pass over
 * the ENIs.
 */
const leakedIpsBySubnet = (ctx: DeriveContext): Map<string, number> => {
  const bySubnet = new Map<string, number>();
  for (const eni of ctx.snapshot.networkInterfaces ?? []) {
    if (!isLeakCandidate(eni)) continue;
    bySubnet.set(
      eni.subnetId,
      (bySubnet.get(eni.subnetId) ?? 0) + eniIpCount(eni),
    );
  }
  return bySubnet;
};

const envOf = (ctx: DeriveContext): EniEnv => {
  let env = envCache.get(ctx);
  if (env === undefined) {
    const arn = ec2Arn(ctx.snapshot.target, 'network-interface', '', '');
    env = {
      arnPrefix: arn.slice(0, arn.length - ':network-interface/'.length),
      leaked: leakedIpsBySubnet(ctx),
      subnets: new Map(),
    };
    envCache.set(ctx, env);
  }
  return env;
};

/** The subnet-wide part of an ENI's facts, memoised per subnet. */
const subnetShareOf = (
  ctx: DeriveContext,
  env: EniEnv,
  subnetId: string,
  vpcId: string,
): SubnetShare => {
  let share = env.subnets.get(subnetId);
  if (share === undefined) {
    const usable = usableIpCount(ctx.subnetById.get(subnetId)?.cidrBlock);
    share = {
      usable,
      leakedSharePercent:
        usable > 0 ? ((env.leaked.get(subnetId) ?? 0) / usable) * 100 : 0,
      isPublic: subnetRouting(ctx, subnetId, vpcId).isPublic,
    };
    env.subnets.set(subnetId, share);
  }
  return share;
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
): NetworkInterfaceFacts => eniFacts(ctx, envOf(ctx), eni);

const eniFacts = (
  ctx: DeriveContext,
  env: EniEnv,
  eni: NetworkInterface,
): NetworkInterfaceFacts => {
  const id = eni.networkInterfaceId;
  const klass = ctx.eniClass.get(id);
  const ipCount = eniIpCount(eni);
  const share = subnetShareOf(ctx, env, eni.subnetId, eni.vpcId);
  const usable = share.usable;
  const age = ageSeconds(ctx, eni);
  const tags = eni.tags;
  // Built by assignment: object spreads for optional keys cost measurably
  // at 100,000 ENIs. Tags and sorted group lists are shared with the
  // snapshot, not copied: facts are read-only.
  const facts: Writable<NetworkInterfaceFacts> = {
    kind: 'networkInterface',
    id,
    name: nameOf(tags, id),
    arn: `${env.arnPrefix}${eni.ownerId ?? ctx.snapshot.target.accountId}:network-interface/${id}`,
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
    subnetLeakedSharePercent: share.leakedSharePercent,
    inPublicSubnet: share.isPublic,
    groupIds: sortedIds(eni.groupIds),
    tags,
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
const buildNetworkInterfaces = (
  ctx: DeriveContext,
): NetworkInterfaceFacts[] => {
  const enis = ctx.snapshot.networkInterfaces ?? [];
  const env = envOf(ctx);
  const out = new Array<NetworkInterfaceFacts>(enis.length);
  for (let i = 0; i < enis.length; i++) {
    out[i] = eniFacts(ctx, env, enis[i] as NetworkInterface);
  }
  return out;
};

export { buildNetworkInterfaces, CREATED_AT_TAG, networkInterfaceFacts };
