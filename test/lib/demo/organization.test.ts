import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ORGANIZATION,
  demoOrganization,
} from '../../../lib/demo/organization.js';
import { evaluate } from '../../../lib/engine/evaluate.js';
import {
  defaultPolicyDirs,
  loadPolicies,
} from '../../../lib/engine/loadPolicies.js';
import type { CompiledPolicy, Result } from '../../../lib/engine/types.js';
import { derive } from '../../../lib/snapshot/derive.js';
import { validateSnapshot } from '../../../lib/snapshot/schema.js';

let policies: readonly CompiledPolicy[];
/** Every result of both days, through the real derive() and evaluate(). */
let results: Result[];

beforeAll(async () => {
  ({ policies } = await loadPolicies(defaultPolicyDirs()));
  results = [];
  for (const day of [1, 2] as const) {
    for (const { snapshot } of demoOrganization(day, `demo-day-${day}`)) {
      if (!snapshot) continue;
      const output = evaluate(derive(snapshot), policies, {
        now: new Date(snapshot.collectedAt),
      });
      results.push(...output.results);
    }
  }
});

describe('demoOrganization', () => {
  it('makes every bundled rule both pass and fail somewhere over the two days', () => {
    // Prepare
    const statuses = new Map<string, Set<string>>(
      policies.map((p) => [p.id, new Set<string>()]),
    );

    // Act
    for (const result of results)
      statuses.get(result.ruleId)?.add(result.status);
    const neverPass = [...statuses]
      .filter(([, s]) => !s.has('pass'))
      .map(([id]) => id);
    const neverFail = [...statuses]
      .filter(([, s]) => !s.has('fail'))
      .map(([id]) => id);

    // Assess
    expect(policies.length).toBeGreaterThanOrEqual(69);
    expect({ neverPass, neverFail }).toEqual({ neverPass: [], neverFail: [] });
  });

  it.each([1, 2] as const)(
    'returns schema-valid snapshots for day %i',
    (day) => {
      // Act
      const targets = demoOrganization(day, `demo-day-${day}`);

      // Assess
      expect(targets).toHaveLength(DEMO_ORGANIZATION.length);
      for (const { target, snapshot, failure } of targets) {
        const label = `${target.accountId}/${target.region}`;
        expect(snapshot === undefined, label).toBe(failure !== undefined);
        if (snapshot) {
          expect(() => validateSnapshot(snapshot, label)).not.toThrow();
          expect(snapshot.target).toEqual(target);
        }
      }
    },
  );

  it('is deterministic: the same day gives the same bytes', () => {
    // Act
    const first = JSON.stringify(demoOrganization(2, 'same'));
    const second = JSON.stringify(demoOrganization(2, 'same'));

    // Assess
    expect(second).toBe(first);
  });

  it('covers every endpoint mode, both IP families, Auto Mode and a failing target', () => {
    // Prepare
    const clusters = demoOrganization(1, 'modes').flatMap(
      (t) => t.snapshot?.clusters ?? [],
    );

    // Act
    const modes = new Set(
      clusters.map((c) => {
        const v = c.resourcesVpcConfig;
        if (!v.endpointPublicAccess) return 'private';
        const open = v.publicAccessCidrs.includes('0.0.0.0/0');
        if (!v.endpointPrivateAccess)
          return open ? 'public-open' : 'public-restricted';
        return 'public+private';
      }),
    );
    const families = new Set(
      clusters.map((c) => c.kubernetesNetworkConfig?.ipFamily),
    );

    // Assess
    expect([...modes].sort()).toEqual([
      'private',
      'public+private',
      'public-open',
      'public-restricted',
    ]);
    expect([...families].sort()).toEqual(['ipv4', 'ipv6']);
    expect(clusters.some((c) => c.computeConfig?.enabled)).toBe(true);
    expect(DEMO_ORGANIZATION.some((t) => t.failure)).toBe(true);
    expect(new Set(DEMO_ORGANIZATION.map((t) => t.target.accountId)).size).toBe(
      6,
    );
  });
});
