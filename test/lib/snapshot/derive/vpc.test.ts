import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { vpcFacts } from '../../../../lib/snapshot/derive/vpc.js';
import {
  defined,
  item,
  loadSnapshot,
  type MutableSnapshot,
} from '../loadSnapshot.js';

const factsOf = (snapshot: MutableSnapshot) =>
  defined(vpcFacts(buildContext(snapshot))[0], 'vpc facts');

describe('vpcFacts', () => {
  it('describes the cluster VPC with associated CIDRs only', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts).toEqual({
      kind: 'vpc',
      id: 'vpc-0prod',
      name: 'prod',
      arn: 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0prod',
      clusterName: 'prod',
      vpcId: 'vpc-0prod',
      clusterNames: ['prod'],
      enableDnsSupport: true,
      enableDnsHostnames: true,
      ipv4Cidrs: ['10.0.0.0/16', '100.64.0.0/16'],
      ipv6Cidrs: [],
      flowLogActive: true,
      flowLogDeliveryFailed: false,
      tags: { Name: 'prod' },
    });
  });

  it('leaves the DNS attributes out when DescribeVpcAttribute failed', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const vpc = item(snapshot, 'vpcs', 'vpcId', 'vpc-0prod');
    delete vpc.enableDnsSupport;
    delete vpc.enableDnsHostnames;

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts).not.toHaveProperty('enableDnsSupport');
    expect(facts).not.toHaveProperty('enableDnsHostnames');
  });

  it('reports disabled DNS attributes and IPv6 blocks as collected', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const vpc = item(snapshot, 'vpcs', 'vpcId', 'vpc-0prod');
    vpc.enableDnsHostnames = false;
    vpc.ipv6CidrBlockAssociationSet = [
      { ipv6CidrBlock: '2600:1f18:1::/56', state: 'associated' },
      { ipv6CidrBlock: '2600:1f18:9::/56', state: 'disassociating' },
    ];

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.enableDnsHostnames).toBe(false);
    expect(facts.ipv6Cidrs).toEqual(['2600:1f18:1::/56']);
  });

  it('derives flow-log coverage and delivery failures from the VPC flow logs', () => {
    // Prepare
    const cases: {
      logs: { flowLogStatus?: string; deliverLogsStatus?: string }[];
      active: boolean;
      failed: boolean;
    }[] = [
      { logs: [], active: false, failed: false },
      { logs: [{ flowLogStatus: 'ACTIVE' }], active: true, failed: false },
      {
        logs: [{ flowLogStatus: 'ACTIVE', deliverLogsStatus: 'FAILED' }],
        active: true,
        failed: true,
      },
      { logs: [{}], active: false, failed: false },
    ];

    for (const { logs, active, failed } of cases) {
      const snapshot = loadSnapshot();
      snapshot.flowLogs = logs.map((log, index) => ({
        flowLogId: `fl-${index}`,
        resourceId: 'vpc-0prod',
        ...log,
      }));

      // Act
      const facts = factsOf(snapshot);

      // Assess
      expect(facts.flowLogActive, JSON.stringify(logs)).toBe(active);
      expect(facts.flowLogDeliveryFailed, JSON.stringify(logs)).toBe(failed);
    }
  });

  it('names no cluster for a VPC without clusters', () => {
    // Prepare
    const snapshot = loadSnapshot();
    snapshot.clusters = [];

    // Act
    const facts = factsOf(snapshot);

    // Assess
    expect(facts.clusterNames).toEqual([]);
    expect(facts).not.toHaveProperty('clusterName');
  });
});
