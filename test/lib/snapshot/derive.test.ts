import { afterEach, describe, expect, it, vi } from 'vitest';
import { derive } from '../../../lib/snapshot/derive.js';
import { RESOURCE_KINDS } from '../../../lib/snapshot/facts.js';
import {
  COLLECTION_NAMES,
  type CollectionName,
} from '../../../lib/snapshot/types.js';
import { clusterOf, item, loadSnapshot } from './loadSnapshot.js';
import { scaleSnapshot } from './scaleSnapshot.js';

/** Paths of keys whose value is `undefined` (optional facts must be absent instead). */
const undefinedKeys = (value: unknown, path = ''): string[] => {
  if (Array.isArray(value)) {
    return value.flatMap((entry, index) =>
      undefinedKeys(entry, `${path}[${index}]`),
    );
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, entry]) =>
    entry === undefined
      ? [`${path}.${key}`]
      : undefinedKeys(entry, `${path}.${key}`),
  );
};

const isSorted = (ids: readonly string[]): boolean =>
  ids.every((id, index) => index === 0 || (ids[index - 1] as string) < id);

describe('derive', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads no clock: facts do not change with the system time', () => {
    // Prepare
    const snapshot = loadSnapshot();
    vi.useFakeTimers({ now: new Date('2020-01-01T00:00:00Z') });
    const early = JSON.stringify(derive(snapshot));
    vi.setSystemTime(new Date('2040-01-01T00:00:00Z'));

    // Act
    const late = JSON.stringify(derive(snapshot));

    // Assess
    expect(late).toBe(early);
  });

  it('leaves the snapshot untouched', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const before = structuredClone(snapshot);

    // Act
    derive(snapshot);

    // Assess
    expect(snapshot).toEqual(before);
  });

  it('builds every resource kind from the base snapshot, sorted by id', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = derive(snapshot);

    // Assess
    const counts = Object.fromEntries(
      RESOURCE_KINDS.map((kind) => [kind, facts.resources[kind].length]),
    );
    expect(counts).toEqual({
      cluster: 1,
      nodegroup: 1,
      fargateProfile: 1,
      node: 2,
      subnet: 6,
      securityGroup: 5,
      networkInterface: 11,
      vpc: 1,
      vpcEndpoint: 2,
      loadBalancer: 0,
    });
    for (const kind of RESOURCE_KINDS) {
      const ids = facts.resources[kind].map((resource) => resource.id);
      expect(isSorted(ids), kind).toBe(true);
      for (const resource of facts.resources[kind]) {
        expect(resource.kind, kind).toBe(kind);
      }
    }
    expect(facts.scanId).toBe(snapshot.scanId);
    expect(facts.target).toEqual(snapshot.target);
    expect(facts.collectedAt).toBe(snapshot.collectedAt);
  });

  it('merges the network and CNI halves of cluster and subnet facts', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = derive(snapshot);

    // Assess
    const [cluster] = facts.resources.cluster;
    expect(cluster).toMatchObject({
      controlPlaneNodeFlowsMissing: [],
      cniAddonInstalled: true,
      cniVersion: '1.18.5-eksbuild.1',
    });
    const subnet = facts.resources.subnet.find((s) => s.id === 'subnet-node-a');
    expect(subnet).toMatchObject({ defaultEgress: 'nat', usableIpCount: 4091 });
  });

  it('feeds the NET-SG-007 verdict to the node groups', () => {
    // Prepare
    const snapshot = loadSnapshot();
    for (const id of ['eni-node1-0', 'eni-node2-0']) {
      item(snapshot, 'networkInterfaces', 'networkInterfaceId', id).groupIds = [
        'sg-node',
      ];
    }
    item(snapshot, 'securityGroups', 'groupId', 'sg-node').ipPermissions = [];

    // Act
    const facts = derive(snapshot);

    // Assess
    expect(
      facts.resources.cluster[0]?.controlPlaneNodeFlowsMissing,
    ).not.toEqual([]);
    expect(facts.resources.nodegroup[0]?.controlPlaneFlowsOk).toBe(false);
  });

  it('never emits keys with undefined values', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const cluster = clusterOf(snapshot);
    delete cluster.kubernetesNetworkConfig;
    delete cluster.vpcCniAddon;
    delete cluster.upgradePolicy;

    // Act
    const facts = derive(snapshot);

    // Assess
    expect(undefinedKeys(facts.resources)).toEqual([]);
  });

  it('is deterministic: the same snapshot gives byte-identical facts', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const shuffled = loadSnapshot();
    shuffled.subnets?.reverse();
    shuffled.networkInterfaces?.reverse();
    shuffled.securityGroups?.reverse();
    shuffled.routeTables?.reverse();

    // Act
    const first = JSON.stringify(derive(snapshot));
    const again = JSON.stringify(derive(snapshot));
    const reordered = JSON.stringify(derive(shuffled));

    // Assess
    expect(again).toBe(first);
    expect(reordered).toBe(first);
  });

  it.each(COLLECTION_NAMES.filter((name) => name in loadSnapshot()))(
    'does not crash when %s was not collected (gap)',
    (collection) => {
      // Prepare
      const snapshot = loadSnapshot();
      delete snapshot[
        collection as Exclude<
          CollectionName,
          'nodegroups' | 'fargateProfiles' | 'addons' | 'vpcAttributes'
        >
      ];
      snapshot.gaps.push({
        collection,
        api: 'Describe',
        iamAction: 'ec2:Describe',
        errorCode: 'AccessDenied',
        message: 'denied',
      });

      // Act
      const facts = derive(snapshot);

      // Assess
      expect(facts.gaps).toHaveLength(1);
      expect(undefinedKeys(facts.resources)).toEqual([]);
    },
  );

  it('does not crash when every collection is missing', () => {
    // Prepare
    const snapshot = {
      schemaVersion: 1 as const,
      scanId: 'empty',
      target: { accountId: '111122223333', region: 'eu-west-1' },
      collectedAt: '2026-11-26T10:00:00Z',
      gaps: [],
      stats: { apiCalls: 0, callsByAction: {}, durationMs: 0 },
    };

    // Act
    const facts = derive(snapshot);

    // Assess
    for (const kind of RESOURCE_KINDS) {
      expect(facts.resources[kind], kind).toEqual([]);
    }
  });

  it('does not crash when a cluster lists no node groups or profiles (scoped gaps)', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const cluster = clusterOf(snapshot);
    delete cluster.nodegroups;
    delete cluster.fargateProfiles;

    // Act
    const facts = derive(snapshot);

    // Assess
    expect(facts.resources.nodegroup).toEqual([]);
    expect(facts.resources.fargateProfile).toEqual([]);
    expect(facts.resources.cluster[0]?.nodeCount).toBe(2);
  });

  it('handles 100,000 ENIs, 2,000 subnets, 500 SGs and 50 clusters with linear joins', () => {
    // Prepare
    const snapshot = scaleSnapshot();
    derive(scaleSnapshot({ clusters: 2, nodesPerCluster: 10 }));

    // Act
    const before = process.cpuUsage();
    const facts = derive(snapshot);
    const used = process.cpuUsage(before);

    // Assess
    const cpuMs = (used.user + used.system) / 1000;
    expect(facts.resources.networkInterface).toHaveLength(100_100);
    expect(facts.resources.subnet).toHaveLength(2_000);
    expect(facts.resources.securityGroup).toHaveLength(500);
    expect(facts.resources.cluster).toHaveLength(50);
    expect(facts.resources.node).toHaveLength(10_000);
    // CPU time, not wall time: shared CI machines are noisy. An O(n²) join
    // over 100k ENIs would take minutes; the budget only catches that.
    expect(cpuMs).toBeLessThan(5_000);
  });
});
