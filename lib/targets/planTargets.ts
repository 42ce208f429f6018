/**
 * Turns a validated selection into the scan's targets (account × region).
 *
 * @module
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import type { ClientFactory } from '../aws/clientFactory.js';
import { errorCodeOf, roleArnFor } from '../aws/credentials.js';
import { CollectionError, isCollectionError } from '../errors.js';
import type { Target } from '../snapshot/types.js';
import { accountIdsUnder, listActiveAccounts } from './organization.js';
import { listEnabledRegions } from './regions.js';
import type { PlanFailure, TargetPlan, TargetSelection } from './types.js';

/** Accounts whose regions are discovered at the same time. */
const DISCOVERY_CONCURRENCY = 8;

interface PlannedAccount {
  readonly accountId: string;
  readonly accountName?: string;
  readonly roleArn?: string;
}

const selectAccounts = async (
  selection: TargetSelection,
  factory: ClientFactory,
  callerAccountId: string,
): Promise<{ id: string; name?: string }[]> => {
  const exclude = new Set(selection.excludeAccounts ?? []);
  const { accounts } = selection;
  let picked: { id: string; name?: string }[];
  if (accounts.source === 'caller') {
    picked = [{ id: callerAccountId }];
  } else if (accounts.source === 'list') {
    picked = accounts.accountIds.map((id) => ({ id }));
  } else {
    const org = factory.organizations();
    picked = await listActiveAccounts(org);
    if (accounts.includeOus && accounts.includeOus.length > 0) {
      const inside = await accountIdsUnder(org, accounts.includeOus);
      picked = picked.filter((account) => inside.has(account.id));
    }
    if (accounts.excludeOus && accounts.excludeOus.length > 0) {
      const outside = await accountIdsUnder(org, accounts.excludeOus);
      picked = picked.filter((account) => !outside.has(account.id));
    }
  }
  return picked.filter((account) => !exclude.has(account.id));
};

/**
 * Plans the targets of a scan. Organizations and `GetCallerIdentity` failures
 * throw (nothing can be planned); an account whose regions cannot be listed
 * (AssumeRole denied, DescribeRegions denied) becomes a {@link PlanFailure}
 * and the other accounts go on.
 *
 * @example
 * const plan = await planTargets(
 *   { accounts: { source: 'organization' }, regions: { source: 'enabled' }, roleName: 'EksNetscanReadOnly' },
 *   factory,
 * );
 */
const planTargets = async (
  selection: TargetSelection,
  factory: ClientFactory,
): Promise<TargetPlan> => {
  const caller = await factory.callerIdentity();
  const accounts: PlannedAccount[] = (
    await selectAccounts(selection, factory, caller.accountId)
  ).map((account) => ({
    accountId: account.id,
    accountName: account.name,
    roleArn:
      account.id === caller.accountId
        ? undefined
        : roleArnFor(caller.partition, account.id, selection.roleName),
  }));

  const targets: Target[] = [];
  const failures: PlanFailure[] = [];
  const toTarget = (account: PlannedAccount, region: string): Target => ({
    accountId: account.accountId,
    ...(account.accountName ? { accountName: account.accountName } : {}),
    region,
    ...(account.roleArn ? { roleArn: account.roleArn } : {}),
  });

  const { regions } = selection;
  if (regions.source === 'list') {
    for (const account of accounts) {
      for (const region of regions.regions) {
        targets.push(toTarget(account, region));
      }
    }
  } else {
    const limit = pLimit(DISCOVERY_CONCURRENCY);
    await Promise.all(
      accounts.map((account) =>
        limit(async () => {
          const ec2 = factory.client(EC2Client, {
            service: 'ec2',
            region: factory.region,
            accountId: account.accountId,
            credentials: factory.credentialsFor(account),
          });
          try {
            await factory.resolveCredentials(account);
            for (const region of await listEnabledRegions(ec2)) {
              targets.push(toTarget(account, region));
            }
          } catch (error) {
            const errorCode = errorCodeOf(error);
            failures.push({
              target: toTarget(account, factory.region),
              error: isCollectionError(error)
                ? error
                : new CollectionError(
                    `cannot list the regions of account ${account.accountId} (ec2:DescribeRegions): ${errorCode}: ${(error as Error).message}`,
                    {
                      accountId: account.accountId,
                      region: factory.region,
                      api: 'DescribeRegions',
                      errorCode,
                      cause: error,
                    },
                  ),
            });
          } finally {
            ec2.destroy();
          }
        }),
      ),
    );
  }
  const byKey = (a: Target, b: Target): number =>
    a.accountId === b.accountId
      ? a.region.localeCompare(b.region)
      : a.accountId.localeCompare(b.accountId);
  return {
    targets: targets.sort(byKey),
    failures: failures.sort((a, b) => byKey(a.target, b.target)),
    callerAccountId: caller.accountId,
  };
};

export { planTargets };
