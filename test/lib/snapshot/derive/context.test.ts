import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { clusterOf, defined, item, loadSnapshot } from '../loadSnapshot.js';

describe('buildContext', () => {
  it('indexes the base snapshot by id and joins resources to the cluster', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.nowMs).toBe(Date.parse('2026-11-26T10:00:00Z'));
    expect([...ctx.clusterNames]).toEqual(['prod']);
    expect(ctx.clusterVpcId.get('prod')).toBe('vpc-0prod');
    expect(ctx.clustersByVpc.get('vpc-0prod')).toEqual(['prod']);
    expect(ctx.subnetById.size).toBe(6);
    expect(ctx.subnetsByVpc.get('vpc-0prod')).toHaveLength(6);
    expect(ctx.explicitRouteTable.get('subnet-node-b')?.routeTableId).toBe(
      'rtb-private-b',
    );
    expect(ctx.mainRouteTable.get('vpc-0prod')?.routeTableId).toBe('rtb-main');
    expect(ctx.nodesByCluster.get('prod')?.map((n) => n.instanceId)).toEqual([
      'i-node1',
      'i-node2',
    ]);
    expect(ctx.instanceCluster.has('i-bastion')).toBe(false);
    expect(ctx.primaryEniByInstance.get('i-node1')?.networkInterfaceId).toBe(
      'eni-node1-0',
    );
    expect(
      ctx.cpEnisByCluster.get('prod')?.map((e) => e.networkInterfaceId),
    ).toEqual(['eni-cp-a', 'eni-cp-b']);
    expect(
      ctx.enisByInstance.get('i-node1')?.map((e) => e.networkInterfaceId),
    ).toEqual(['eni-node1-0', 'eni-node1-1']);
    expect(ctx.enisBySubnet.get('subnet-node-b')).toHaveLength(3);
    expect(ctx.eniClass.get('eni-leaked')?.kind).toBe('cni-secondary');
    expect(ctx.nodegroupOfInstance.get('i-node2')).toBe('general');
    expect(ctx.instancesByNodegroup.get('prod/general')).toHaveLength(2);
    expect(ctx.nodeSubnetsByCluster.get('prod')).toEqual([
      'subnet-node-a',
      'subnet-node-b',
    ]);
    expect([...(ctx.clusterSubnetOf.get('subnet-cp-a') ?? [])]).toEqual([
      'prod',
    ]);
    expect([...(ctx.fargateSubnetOf.get('subnet-node-a') ?? [])]).toEqual([
      'prod',
    ]);
    expect(
      ctx.instanceTypeByName.get('m5.large')?.maximumNetworkInterfaces,
    ).toBe(3);
    expect(ctx.clusterVersionByVersion.get('1.31')?.versionStatus).toBe(
      'STANDARD_SUPPORT',
    );
    expect(ctx.flowLogsByResource.get('vpc-0prod')).toHaveLength(1);
    expect(ctx.reservationsBySubnet?.size).toBe(0);
  });

  it('counts only pending and running instances as nodes', () => {
    // Prepare
    const snapshot = loadSnapshot();
    item(snapshot, 'instances', 'instanceId', 'i-node2').state = 'stopped';

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.nodesByCluster.get('prod')?.map((n) => n.instanceId)).toEqual([
      'i-node1',
    ]);
    expect(ctx.instanceCluster.get('i-node2')).toBe('prod');
    expect(ctx.nodeSubnetsByCluster.get('prod')).toEqual([
      'subnet-node-a',
      'subnet-node-b',
    ]);
  });

  it('recognises self-managed nodes by their owned cluster tag', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const node = item(snapshot, 'instances', 'instanceId', 'i-node2');
    node.tags = { 'kubernetes.io/cluster/prod': 'owned' };
    const stranger = item(snapshot, 'instances', 'instanceId', 'i-bastion');
    stranger.tags = {
      'kubernetes.io/cluster/prod': 'shared',
      'kubernetes.io/cluster/other': 'owned',
    };

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.instanceCluster.get('i-node2')).toBe('prod');
    expect(ctx.nodegroupOfInstance.has('i-node2')).toBe(false);
    expect(ctx.instanceCluster.has('i-bastion')).toBe(false);
  });

  it('maps instances to node groups by Auto Scaling group before the EKS tag', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const node = item(snapshot, 'instances', 'instanceId', 'i-node1');
    node.tags['eks:nodegroup-name'] = 'stale-name';

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.nodegroupOfInstance.get('i-node1')).toBe('general');
  });

  it('derives the cluster VPC from its subnets and skips clusters with neither', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete clusterOf(snapshot).resourcesVpcConfig.vpcId;
    const orphan = structuredClone(clusterOf(snapshot));
    orphan.name = 'orphan';
    orphan.resourcesVpcConfig.subnetIds = ['subnet-gone'];
    snapshot.clusters?.push(orphan);

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.clusterVpcId.get('prod')).toBe('vpc-0prod');
    expect(ctx.clusterVpcId.has('orphan')).toBe(false);
    expect(ctx.clustersByVpc.get('vpc-0prod')).toEqual(['prod']);
  });

  it('ignores ENIs on secondary network cards when finding primary ENIs', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const extra = structuredClone(
      item(snapshot, 'networkInterfaces', 'networkInterfaceId', 'eni-node1-1'),
    );
    extra.networkInterfaceId = 'eni-node1-card1';
    extra.attachment = {
      ...defined(extra.attachment, 'attachment'),
      deviceIndex: 0,
      networkCardIndex: 1,
    };
    snapshot.networkInterfaces?.push(extra);

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.primaryEniByInstance.get('i-node1')?.networkInterfaceId).toBe(
      'eni-node1-0',
    );
  });

  it('builds empty maps for collections that were not collected', () => {
    // Prepare
    const snapshot = loadSnapshot();
    for (const key of [
      'clusters',
      'subnets',
      'routeTables',
      'networkInterfaces',
      'instances',
      'subnetCidrReservations',
    ] as const) {
      delete snapshot[key];
    }

    // Act
    const ctx = buildContext(snapshot);

    // Assess
    expect(ctx.clusters).toEqual([]);
    expect(ctx.subnetById.size).toBe(0);
    expect(ctx.mainRouteTable.size).toBe(0);
    expect(ctx.eniClass.size).toBe(0);
    expect(ctx.nodesByCluster.size).toBe(0);
    expect(ctx.reservationsBySubnet).toBeUndefined();
  });
});
