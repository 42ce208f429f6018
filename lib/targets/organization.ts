/**
 * Account discovery through AWS Organizations.
 *
 * @module
 */
import {
  type Account,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { errorCodeOf } from '../aws/credentials.js';
import { CollectionError } from '../errors.js';

/** An account of the organization. */
interface OrganizationAccount {
  readonly id: string;
  readonly name?: string;
}

// `Status` is being retired in favour of `State`; older responses and
// emulators may only carry `Status`.
const isActive = (account: Account): boolean =>
  (account.State ?? account.Status) === 'ACTIVE';

const wrap = async <T>(api: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    const errorCode = errorCodeOf(error);
    throw new CollectionError(
      `organizations:${api} failed: ${errorCode}: ${(error as Error).message} (run from the management account or a delegated administrator)`,
      { api, errorCode, cause: error },
    );
  }
};

/**
 * Every ACTIVE account of the organization, sorted by id. Reads every page:
 * Organizations may return an empty page before the last one.
 *
 * @example
 * const accounts = await listActiveAccounts(factory.organizations());
 */
const listActiveAccounts = (
  client: OrganizationsClient,
): Promise<OrganizationAccount[]> =>
  wrap('ListAccounts', async () => {
    const accounts: OrganizationAccount[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        if (account.Id && isActive(account)) {
          accounts.push({ id: account.Id, name: account.Name });
        }
      }
    }
    return accounts.sort((a, b) => (a.id < b.id ? -1 : 1));
  });

/**
 * Ids of every account below the given OUs (or the root), at any depth.
 * An account may sit in one OU only, but overlapping inputs (an OU and its
 * parent) are fine.
 */
const accountIdsUnder = async (
  client: OrganizationsClient,
  parentIds: readonly string[],
): Promise<Set<string>> => {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = async (parentId: string): Promise<void> => {
    if (seen.has(parentId)) return;
    seen.add(parentId);
    const children: string[] = [];
    await wrap('ListAccountsForParent', async () => {
      for await (const page of paginateListAccountsForParent(
        { client },
        { ParentId: parentId },
      )) {
        for (const account of page.Accounts ?? []) {
          if (account.Id) found.add(account.Id);
        }
      }
    });
    await wrap('ListOrganizationalUnitsForParent', async () => {
      for await (const page of paginateListOrganizationalUnitsForParent(
        { client },
        { ParentId: parentId },
      )) {
        for (const unit of page.OrganizationalUnits ?? []) {
          if (unit.Id) children.push(unit.Id);
        }
      }
    });
    // Siblings one at a time: the tree is small and Organizations' rate
    // limits are low and shared with the organization's other tooling.
    for (const child of children) await visit(child);
  };
  for (const parentId of parentIds) await visit(parentId);
  return found;
};

export type { OrganizationAccount };
export { accountIdsUnder, listActiveAccounts };
