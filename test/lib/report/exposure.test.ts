import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../lib/report/digest.js';
import { renderHtml } from '../../../lib/report/html.js';
import { inventoryFromFacts } from '../../../lib/report/inventory.js';
import { renderMarkdown } from '../../../lib/report/markdown.js';
import type { ClusterInventory } from '../../../lib/report/types.js';
import { derive } from '../../../lib/snapshot/derive.js';
import { buildReportInput } from '../../helpers/reports.js';
import { makeResult } from '../../helpers/results.js';
import { loadSnapshot } from '../snapshot/loadSnapshot.js';

const ARN =
  'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/k8s-shop-web/1';

const inventory = (): ClusterInventory[] => [
  {
    accountId: '111111111111',
    region: 'us-east-1',
    clusterName: 'prod',
    subnets: [],
    nodes: [],
    loadBalancers: [
      {
        arn: ARN,
        name: 'k8s-shop-web',
        type: 'application',
        dnsName: 'k8s-shop-web.example.elb.amazonaws.com',
        controller: 'lbc',
        ownerKind: 'Ingress',
        owner: 'shop/<web>',
        listeners: ['HTTP:80', 'HTTPS:443'],
        frontendAccess: ['tcp/443 from 0.0.0.0/0'],
      },
    ],
  },
];

const exposureResult = makeResult({
  ruleId: 'NET-LB-005',
  severity: 'info',
  clusterName: 'prod',
  resourceType: 'loadBalancer',
  resourceId: ARN,
  message:
    'application load balancer k8s-shop-web of cluster prod is internet-facing.',
});

describe('the Exposure section', () => {
  it('lists each internet-facing load balancer with owner, listeners, peers and findings in HTML, escaped', () => {
    // Prepare
    const input = buildReportInput({
      current: [exposureResult],
      inventory: inventory(),
    });

    // Act
    const html = renderHtml(input);

    // Assess
    expect(html).toContain('<h4>Exposure</h4>');
    expect(html).toContain('Ingress <code>shop/&lt;web&gt;</code>');
    expect(html).toContain('<code>HTTP:80</code><br><code>HTTPS:443</code>');
    expect(html).toContain('tcp/443 from 0.0.0.0/0');
    expect(html).toMatch(/<span class="sev info">info<\/span> NET-LB-005/);
    expect(html).not.toContain('shop/<web>');
  });

  it('lists the same rows in Markdown', () => {
    // Prepare
    const input = buildReportInput({
      current: [exposureResult],
      inventory: inventory(),
    });

    // Act
    const markdown = renderMarkdown(input);

    // Assess
    expect(markdown).toContain('#### Exposure');
    expect(markdown).toMatch(
      /\| k8s-shop-web \| application \| Ingress .*\| NET-LB-005 \(info\) \|/,
    );
  });

  it('says so when a cluster has no internet-facing load balancer', () => {
    // Prepare
    const input = buildReportInput({
      current: [],
      inventory: [{ ...inventory()[0], loadBalancers: [] } as ClusterInventory],
    });

    // Act
    const html = renderHtml(input);

    // Assess
    expect(html).toContain('No internet-facing load balancer.');
  });

  it('takes the inventory from the load-balancer facts', () => {
    // Prepare
    const snapshot = loadSnapshot();
    snapshot.loadBalancers = [
      {
        loadBalancerArn: ARN,
        loadBalancerName: 'k8s-shop-web',
        type: 'application',
        scheme: 'internet-facing',
        vpcId: 'vpc-0prod',
        subnetIds: [],
        availabilityZones: [],
        securityGroups: [],
        tags: {
          'elbv2.k8s.aws/cluster': 'prod',
          'ingress.k8s.aws/stack': 'shop/web',
        },
      },
    ];

    // Act
    const [cluster] = inventoryFromFacts(derive(snapshot));

    // Assess
    expect(cluster?.loadBalancers).toEqual([
      {
        arn: ARN,
        name: 'k8s-shop-web',
        type: 'application',
        dnsName: '',
        controller: 'lbc',
        ownerKind: 'Ingress',
        owner: 'shop/web',
        listeners: [],
        frontendAccess: [],
      },
    ]);
  });
});

describe('renderDigest and exposure', () => {
  it('lists newly internet-facing load balancers before the other new findings', () => {
    // Prepare
    const current = [
      makeResult({ resourceId: 'sg-1', severity: 'critical' }),
      exposureResult,
    ];
    const { summary, diff } = buildReportInput({ current, previous: [] });

    // Act
    const { body } = renderDigest(summary, diff);

    // Assess
    const exposed = body.indexOf('NEWLY INTERNET-FACING LOAD BALANCERS (1)');
    expect(exposed).toBeGreaterThan(0);
    expect(exposed).toBeLessThan(body.indexOf('NEW AND REGRESSED'));
    expect(body).toContain(
      '111111111111/us-east-1 cluster prod: application load balancer k8s-shop-web',
    );
  });

  it('has no exposure block when no load balancer became internet-facing', () => {
    // Prepare
    const { summary, diff } = buildReportInput({
      current: [exposureResult],
      previous: [exposureResult],
    });

    // Act
    const { body } = renderDigest(summary, diff);

    // Assess
    expect(body).not.toContain('NEWLY INTERNET-FACING');
  });
});
