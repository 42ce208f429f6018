/**
 * Quick engine benchmark: loads and compiles every bundled policy, then
 * evaluates them against synthetic facts of 100,000 ENIs, 2,000 subnets,
 * 500 security groups and 50 clusters.
 *
 * Run: node bin/run-ts.js bench/engineFacts.ts
 */
import { evaluate } from '../lib/engine/evaluate.js';
import { loadPolicies, POLICIES_DIR } from '../lib/engine/loadPolicies.js';
import {
  type Facts,
  type FactsBase,
  KIND_SPECS,
  RESOURCE_KINDS,
  type ResourceKind,
} from '../lib/snapshot/facts.js';

const SIZES: Record<ResourceKind, number> = {
  cluster: 50,
  nodegroup: 150,
  fargateProfile: 50,
  node: 3_000,
  subnet: 2_000,
  securityGroup: 500,
  networkInterface: 100_000,
  loadBalancer: 200,
  vpc: 50,
  vpcEndpoint: 400,
};

/** A value of the CEL type, varied by `i` so rules take different branches. */
const sample = (type: string, field: string, i: number): unknown => {
  switch (type) {
    case 'string':
      if (/cidr/i.test(field)) return `10.${i % 250}.${(i >> 8) % 250}.0/24`;
      if (/ip/i.test(field) && !/type/i.test(field))
        return `10.0.${i % 250}.${i % 200}`;
      if (/date/i.test(field)) return '2027-01-01';
      return `${field}-${i % 7}`;
    case 'double':
      return (i * 7919) % 100;
    case 'bool':
      return i % 3 === 0;
    case 'list<string>':
      return /cidr/i.test(field)
        ? ['10.0.0.0/16', i % 5 === 0 ? '0.0.0.0/0' : '192.168.0.0/24']
        : [`${field}-a`, `${field}-${i % 4}`];
    case 'list<double>':
      return [29, i % 2 === 0 ? 29 : 17];
    case 'map<string, string>':
      return { WARM_IP_TARGET: String(i % 3), 'kubernetes.io/role/elb': '1' };
    default:
      return undefined;
  }
};

const buildFacts = (): Facts => {
  const resources = {} as Record<ResourceKind, FactsBase[]>;
  for (const kind of RESOURCE_KINDS) {
    const schema = KIND_SPECS[kind].celSchema;
    const list: FactsBase[] = [];
    for (let i = 0; i < SIZES[kind]; i++) {
      const resource: Record<string, unknown> = {};
      for (const [field, type] of Object.entries(schema)) {
        resource[field] = sample(type, field, i);
      }
      resource.kind = kind;
      resource.id = `${kind}-${String(i).padStart(6, '0')}`;
      resource.name = resource.id;
      resource.clusterName = `cluster-${String(i % 50).padStart(6, '0')}`;
      resource.vpcId = `vpc-${i % 50}`;
      list.push(resource as unknown as FactsBase);
    }
    resources[kind] = list;
  }
  return {
    scanId: 'bench',
    target: { accountId: '111111111111', region: 'us-east-1' },
    collectedAt: '2026-06-01T00:00:00Z',
    resources: resources as unknown as Facts['resources'],
    gaps: [],
  };
};

/** CPU milliseconds of this process (robust when other jobs share the cores). */
const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const loadStart = performance.now();
const loadCpuStart = cpuMs();
const { policies } = await loadPolicies([POLICIES_DIR]);
const loadMs = performance.now() - loadStart;
const loadCpuMs = cpuMs() - loadCpuStart;
const warmStart = performance.now();
await loadPolicies([POLICIES_DIR]);
const warmLoadMs = performance.now() - warmStart;

const facts = buildFacts();
const evaluations = policies.reduce(
  (sum, policy) => sum + facts.resources[policy.resource].length,
  0,
);
const runs: number[] = [];
const cpuRuns: number[] = [];
let statuses: Record<string, number> = {};
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  const cpuStart = cpuMs();
  const output = evaluate(facts, policies, {
    now: new Date('2026-06-01T00:00:00Z'),
  });
  runs.push(performance.now() - start);
  cpuRuns.push(cpuMs() - cpuStart);
  statuses = { ...output.counts };
}
const best = Math.min(...runs);
const byKind = Object.fromEntries(
  RESOURCE_KINDS.map((kind) => [
    kind,
    policies.filter((policy) => policy.resource === kind).length,
  ]),
);
console.log(
  JSON.stringify(
    {
      policies: policies.length,
      policiesByKind: byKind,
      resources: SIZES,
      loadMsCold: Math.round(loadMs),
      loadMsWarm: Math.round(warmLoadMs),
      loadCpuMsCold: Math.round(loadCpuMs),
      evaluations,
      evaluateMsFirst: Math.round(runs[0] ?? 0),
      evaluateMsBest: Math.round(best),
      evaluateCpuMsFirst: Math.round(cpuRuns[0] ?? 0),
      evaluateCpuMsBest: Math.round(Math.min(...cpuRuns)),
      evaluationsPerSecond: Math.round(evaluations / (best / 1000)),
      evaluationsPerCpuSecond: Math.round(
        evaluations / (Math.min(...cpuRuns) / 1000),
      ),
      counts: statuses,
    },
    null,
    2,
  ),
);
