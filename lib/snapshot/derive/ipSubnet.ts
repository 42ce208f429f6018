/**
 * The IP-headroom facts of a subnet (`ipSubnetFacts`): usable and free
 * addresses, free /28 blocks for prefix delegation, what kind of ENIs it
 * hosts and how many addresses leaked CNI ENIs hold.
 *
 * @module
 */
import type { SubnetFacts } from '../facts.js';
import type { Subnet } from '../types.js';
import type { DeriveContext } from './context.js';
import { eniIpCount, isLeakCandidate, nodeEniLayout } from './enis.js';
import { free28Blocks, usableIpCount } from './free28.js';

/** Subset of the subnet facts this module fills. */
type IpSubnetFacts = Pick<
  SubnetFacts,
  | 'usableIpCount'
  | 'freePercent'
  | 'isPodSubnet'
  | 'free28Blocks'
  | 'hostsPrefixModeEnis'
  | 'hostsNonKubernetesEnis'
  | 'hasPrefixReservation'
  | 'leakedEniIps'
  | 'ownedByOtherAccount'
>;

/** ENI kinds Kubernetes (EC2 at node launch, the CNI, the controller, EKS) manages. */
const KUBERNETES_KINDS: ReadonlySet<string> = new Set([
  'node-primary',
  'cni-secondary',
  'trunk',
  'branch',
  'control-plane',
]);

/**
 * The IP-headroom facts of one subnet. derive-net's subnet builder spreads
 * them into the subnet's facts.
 *
 * `freePercent` is 100 for a subnet without an IPv4 CIDR: there is no IPv4
 * space to exhaust. `free28Blocks` is absent without an IPv4 CIDR or when
 * ENIs were not collected; reservations that were not collected are treated
 * as none (and `hasPrefixReservation` is then absent).
 *
 * @param ctx - the derive context
 * @param subnet - the subnet
 * @returns the subnet's IP facts
 * @example
 * ```ts
 * const facts = { ...subnetNetFacts(ctx, s), ...ipSubnetFacts(ctx, s) };
 * ```
 */
const ipSubnetFacts = (ctx: DeriveContext, subnet: Subnet): IpSubnetFacts => {
  const enis = ctx.enisBySubnet.get(subnet.subnetId) ?? [];
  const usable = usableIpCount(subnet.cidrBlock);
  const reservations = ctx.reservationsBySubnet?.get(subnet.subnetId);
  let isPodSubnet = false;
  let hostsPrefixModeEnis = false;
  let hostsNonKubernetesEnis = false;
  let leakedEniIps = 0;
  for (const eni of enis) {
    const klass = ctx.eniClass.get(eni.networkInterfaceId);
    const kind = klass?.kind ?? 'other';
    if (isLeakCandidate(eni)) leakedEniIps += eniIpCount(eni);
    if (!KUBERNETES_KINDS.has(kind)) hostsNonKubernetesEnis = true;
    if (kind === 'cni-secondary') isPodSubnet = true;
    if (hostsPrefixModeEnis) continue;
    if (kind !== 'node-primary' && kind !== 'cni-secondary') continue;
    if (eni.ipv4Prefixes.length > 0 || eni.ipv6Prefixes.length > 0) {
      hostsPrefixModeEnis = true;
      continue;
    }
    const instance =
      klass?.instanceId === undefined
        ? undefined
        : ctx.instanceById.get(klass.instanceId);
    if (instance !== undefined && nodeEniLayout(ctx, instance).pdInUse) {
      hostsPrefixModeEnis = true;
    }
  }
  const free28 =
    ctx.snapshot.networkInterfaces === undefined ||
    subnet.cidrBlock === undefined
      ? undefined
      : free28Blocks({
          cidrBlock: subnet.cidrBlock,
          enis,
          ...(reservations !== undefined && { reservations }),
        });
  const ownerId = subnet.ownerId;
  return {
    usableIpCount: usable,
    freePercent:
      usable > 0 ? (subnet.availableIpAddressCount / usable) * 100 : 100,
    isPodSubnet,
    ...(free28 !== undefined && { free28Blocks: free28 }),
    hostsPrefixModeEnis,
    hostsNonKubernetesEnis,
    ...(ctx.reservationsBySubnet !== undefined && {
      hasPrefixReservation: (reservations ?? []).some(
        (r) => r.reservationType === 'prefix',
      ),
    }),
    leakedEniIps,
    ownedByOtherAccount:
      ownerId !== undefined && ownerId !== ctx.snapshot.target.accountId,
  };
};

export type { IpSubnetFacts };
export { ipSubnetFacts };
