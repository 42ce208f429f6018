/**
 * Builds engine results for report and findings tests: a base result with
 * only the fields under test changed.
 */
import type { Result } from '../../lib/engine/types.js';

const baseResult: Result = {
  id: 'r-0000000000000000',
  scanId: '2026-11-26T06-00-00Z-aaaa',
  ruleId: 'NET-EP-001',
  title: 'Cluster API endpoint is not open to the whole internet',
  severity: 'high',
  status: 'fail',
  accountId: '111111111111',
  region: 'us-east-1',
  clusterName: 'prod',
  resourceType: 'cluster',
  resourceId: 'prod',
  message: 'Cluster prod in 111111111111/us-east-1 allows 0.0.0.0/0.',
  evidence: { publicAccessCidrs: ['0.0.0.0/0'] },
  remediation: {
    text: 'Restrict publicAccessCidrs.',
    cli: 'aws eks update-cluster-config --name prod --resources-vpc-config publicAccessCidrs=10.0.0.0/8',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
  ],
};

/** A result with `overrides` applied; `id` defaults to a value derived from rule and resource. */
const makeResult = (overrides: Partial<Result> = {}): Result => {
  const merged = { ...baseResult, ...overrides };
  return {
    ...merged,
    id:
      overrides.id ??
      `${merged.ruleId}|${merged.accountId}|${merged.region}|${merged.resourceId}`,
  };
};

export { makeResult };
