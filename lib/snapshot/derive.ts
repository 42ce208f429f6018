/**
 * `derive()`: turns a Snapshot into the Facts policies read. Pure: no I/O, no
 * clock (`snapshot.collectedAt` is "now"), deterministic output (every kind
 * sorted by id, every list sorted and de-duplicated).
 *
 * Interpretations the domain reference leaves open, decided here:
 * - Security-group rules with managed prefix lists never prove a flow
 *   (entries are not collected). List facts keep such a flow as missing with
 *   the suffix ` (prefix list not resolved)`, so policies can say `unknown`;
 *   boolean facts (`allowsHttpsFromNodes`) count it as not allowed and a
 *   companion flag (`allowsHttpsFromNodesUnknown`) says so.
 * - `defaultEgress`/`ipv6DefaultEgress` also use `eigw` (egress-only
 *   gateway) and `other` (a target EC2 added later, e.g. a gateway load
 *   balancer endpoint); `other` counts as unverifiable egress, like TGW,
 *   appliance, peering, VGW, Cloud WAN and private NAT gateways.
 * - A node subnet "has no egress" when it lacks a `0.0.0.0/0` route (IPv4
 *   clusters) or both default routes (IPv6 clusters).
 * - `routedCidrs` leaves out `/0` routes, which overlap every service CIDR.
 * - `controlPlaneOf` and `controlPlaneSecurityGroupIds` use `cpSGs` with
 *   its fallback (cluster SG and additional SGs when no control-plane ENI is
 *   visible); NET-SG-007 then uses every cluster subnet CIDR as the control
 *   plane's addresses.
 * - `clusterSgEgressMissing` treats the group's members as the peer: the
 *   group itself or every associated IPv4 block of its VPC.
 * - A subnet tagged both `role/elb` and `role/internal-elb` reports `elb`.
 *
 * @module
 */
import { clusterNetFacts } from './derive/cluster.js';
import { cniClusterFacts } from './derive/cniCluster.js';
import { buildContext } from './derive/context.js';
import {
  clusterExposureFacts,
  nodeMultusFacts,
  securityGroupNodePortFacts,
} from './derive/exposure.js';
import { fargateProfileFacts } from './derive/fargateProfile.js';
import { ipSubnetFacts } from './derive/ipSubnet.js';
import { loadBalancerFacts } from './derive/loadBalancer.js';
import { buildNetworkInterfaces } from './derive/networkInterface.js';
import { buildNodes } from './derive/node.js';
import { buildNodegroups } from './derive/nodegroup.js';
import { securityGroupFacts } from './derive/securityGroup.js';
import { subnetNetFacts } from './derive/subnet.js';
import { vpcFacts } from './derive/vpc.js';
import { vpcEndpointFacts } from './derive/vpcEndpoint.js';
import type { ClusterFacts, Facts, SubnetFacts } from './facts.js';
import type { Snapshot } from './types.js';

const byId = <T extends { readonly id: string }>(items: T[]): T[] =>
  items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Computes every fact of every resource kind from one snapshot.
 *
 * Collections absent from the snapshot (gaps) never make this throw: the
 * kinds built from them come out empty and facts that depend on them use
 * empty lists; the engine reports the gap as `unknown`.
 *
 * @param snapshot - one target's snapshot
 * @returns facts per kind, sorted by id, plus the snapshot's gaps
 * @example
 * ```ts
 * const facts = derive(snapshot);
 * facts.resources.subnet.filter((s) => s.isPublic);
 * ```
 */
const derive = (snapshot: Snapshot): Facts => {
  const ctx = buildContext(snapshot);
  const loadBalancers = loadBalancerFacts(ctx);
  const clusters = ctx.clusters.map(
    (cluster): ClusterFacts => ({
      ...clusterNetFacts(ctx, cluster),
      ...cniClusterFacts(ctx, cluster),
      ...clusterExposureFacts(
        ctx,
        cluster.name,
        loadBalancers
          .filter((lb) => lb.clusterName === cluster.name)
          .map((lb) => ({
            type: lb.lbType,
            ownerKind: lb.ownerKind,
            internetFacing: lb.internetFacing,
          })),
      ),
    }),
  );
  const flowsOk = new Map(
    clusters.map((c) => [c.name, c.controlPlaneNodeFlowsMissing.length === 0]),
  );
  const subnets = (snapshot.subnets ?? []).map(
    (subnet): SubnetFacts =>
      Object.assign(subnetNetFacts(ctx, subnet), ipSubnetFacts(ctx, subnet)),
  );
  return {
    scanId: snapshot.scanId,
    target: snapshot.target,
    collectedAt: snapshot.collectedAt,
    resources: {
      cluster: byId(clusters),
      nodegroup: byId(
        buildNodegroups(ctx, (name) => flowsOk.get(name) ?? false),
      ),
      fargateProfile: byId(fargateProfileFacts(ctx)),
      node: byId(
        // Merged in place: the node facts are fresh objects, and a spread
        // copy of 10,000 wide objects is measurable.
        buildNodes(ctx).map((node) =>
          Object.assign(
            node,
            nodeMultusFacts(ctx, node.id, {
              eniLimit: node.eniLimit,
              ipv4PerEni: node.ipv4PerEni,
              cniMode: node.cniMode,
              hasTrunk: node.hasTrunk,
            }),
          ),
        ),
      ),
      subnet: byId(subnets),
      securityGroup: byId(
        securityGroupFacts(ctx).map((group) => ({
          ...group,
          ...securityGroupNodePortFacts(ctx, group.id, group.nodesOf),
        })),
      ),
      networkInterface: byId(buildNetworkInterfaces(ctx)),
      vpc: byId(vpcFacts(ctx)),
      vpcEndpoint: byId(vpcEndpointFacts(ctx)),
      loadBalancer: byId(loadBalancers),
    },
    gaps: [...snapshot.gaps],
  };
};

export { derive };
