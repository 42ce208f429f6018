import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/clientFactory.js';
import { planTargets } from '../../../lib/targets/planTargets.js';
import type { TargetSelection } from '../../../lib/targets/types.js';
import { interceptingHandler, queryError } from '../../helpers/httpHandlers.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';
import {
  createMotoOrganization,
  type MotoOrganization,
} from '../../helpers/motoOrganization.js';

let moto: MotoServer;
let org: MotoOrganization;

beforeAll(async () => {
  moto = await startMoto();
  org = await createMotoOrganization(moto.endpoint);
});

afterAll(async () => {
  await moto.stop();
});

const factoryFor = (
  intercept: Parameters<typeof interceptingHandler>[0] = () => undefined,
) => {
  const { handler, requests } = interceptingHandler(intercept);
  const factory = createClientFactory({
    endpoint: moto.endpoint,
    credentials: testCredentials.credentials,
    requestHandler: handler,
  });
  return { factory, requests };
};

const twoRegions = {
  source: 'list',
  regions: ['eu-west-1', 'us-east-1'],
} as const;

describe('planTargets', () => {
  const cases: {
    name: string;
    selection: (
      o: MotoOrganization,
    ) => Omit<TargetSelection, 'regions' | 'roleName'>;
    expected: (o: MotoOrganization) => string[];
  }[] = [
    {
      name: 'every ACTIVE account of the organization (suspended left out)',
      selection: () => ({ accounts: { source: 'organization' } }),
      expected: (o) => [o.management, o.rootMember, o.a1, o.a2, o.b1],
    },
    {
      name: 'accounts below an OU, nested OUs included',
      selection: (o) => ({
        accounts: { source: 'organization', includeOus: [o.ouA] },
      }),
      expected: (o) => [o.a1, o.a2],
    },
    {
      name: 'accounts below an OU minus a nested OU',
      selection: (o) => ({
        accounts: {
          source: 'organization',
          includeOus: [o.ouA],
          excludeOus: [o.ouAInner],
        },
      }),
      expected: (o) => [o.a1],
    },
    {
      name: 'the organization minus excluded accounts',
      selection: (o) => ({
        accounts: { source: 'organization' },
        excludeAccounts: [o.b1, o.management],
      }),
      expected: (o) => [o.rootMember, o.a1, o.a2],
    },
    {
      name: 'the root id as an OU',
      selection: (o) => ({
        accounts: { source: 'organization', includeOus: [o.rootId] },
        excludeAccounts: [o.a2],
      }),
      expected: (o) => [o.management, o.rootMember, o.a1, o.b1],
    },
    {
      name: 'an explicit account list',
      selection: (o) => ({
        accounts: { source: 'list', accountIds: [o.b1, o.a1] },
      }),
      expected: (o) => [o.a1, o.b1],
    },
    {
      name: "the caller's own account",
      selection: () => ({ accounts: { source: 'caller' } }),
      expected: (o) => [o.management],
    },
  ];

  it.each(cases)('selects $name', async ({ selection, expected }) => {
    // Prepare
    const { factory } = factoryFor();

    // Act
    const plan = await planTargets(
      { ...selection(org), regions: twoRegions, roleName: 'Scanner' },
      factory,
    );

    // Assess
    const accounts = [...new Set(plan.targets.map((t) => t.accountId))];
    expect(accounts).toEqual([...expected(org)].sort());
    expect(plan.targets).toHaveLength(accounts.length * 2);
    expect(plan.failures).toEqual([]);
    for (const target of plan.targets) {
      expect(target.roleArn, target.accountId).toBe(
        target.accountId === org.management
          ? undefined
          : `arn:aws:iam::${target.accountId}:role/Scanner`,
      );
    }
  });

  it('names organization accounts and orders targets by account then region', async () => {
    // Prepare
    const { factory } = factoryFor();

    // Act
    const plan = await planTargets(
      {
        accounts: { source: 'organization', includeOus: [org.ouB] },
        regions: twoRegions,
        roleName: 'Scanner',
      },
      factory,
    );

    // Assess
    expect(plan.targets).toEqual([
      {
        accountId: org.b1,
        accountName: 'b1',
        region: 'eu-west-1',
        roleArn: `arn:aws:iam::${org.b1}:role/Scanner`,
      },
      {
        accountId: org.b1,
        accountName: 'b1',
        region: 'us-east-1',
        roleArn: `arn:aws:iam::${org.b1}:role/Scanner`,
      },
    ]);
  });

  it('lists enabled regions once per account with that account’s credentials', async () => {
    // Prepare
    const { factory, requests } = factoryFor();

    // Act
    const plan = await planTargets(
      {
        accounts: { source: 'list', accountIds: [org.management, org.a1] },
        regions: { source: 'enabled' },
        roleName: 'Scanner',
      },
      factory,
    );

    // Assess
    // First attempts only: moto's lazy EC2 start-up can make the SDK retry.
    const describes = requests.filter(
      (r) =>
        r.action === 'DescribeRegions' &&
        r.headers['amz-sdk-request']?.startsWith('attempt=1;'),
    );
    expect(describes).toHaveLength(2);
    expect(new Set(describes.map((r) => r.accessKeyId)).size).toBe(2);
    expect(requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
    const regionsOf = (id: string) =>
      plan.targets.filter((t) => t.accountId === id).map((t) => t.region);
    expect(regionsOf(org.a1)).toContain('eu-west-1');
    expect(regionsOf(org.a1)).toEqual(regionsOf(org.management));
  });

  it('turns an account whose role cannot be assumed into a failure and plans the others', async () => {
    // Prepare
    const { factory } = factoryFor((r) =>
      r.action === 'AssumeRole' && r.body.includes(org.a1)
        ? { status: 403, body: queryError('AccessDenied', 'no trust') }
        : undefined,
    );

    // Act
    const plan = await planTargets(
      {
        accounts: { source: 'list', accountIds: [org.a1, org.b1] },
        regions: { source: 'enabled' },
        roleName: 'Scanner',
      },
      factory,
    );

    // Assess
    expect(plan.failures).toHaveLength(1);
    expect(plan.failures[0]?.target).toMatchObject({
      accountId: org.a1,
      region: 'us-east-1',
    });
    expect(plan.failures[0]?.error).toMatchObject({
      accountId: org.a1,
      errorCode: 'AccessDenied',
    });
    expect(plan.targets.every((t) => t.accountId === org.b1)).toBe(true);
    expect(plan.targets.length).toBeGreaterThan(0);
  });
});
