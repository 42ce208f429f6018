/**
 * Which of the OUs named in a params file each account sits below, so
 * OU-level parameter overrides apply during a scan.
 *
 * @module
 */
import {
  ListParentsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { errorCodeOf } from '../aws/credentials.js';
import { CollectionError } from '../errors.js';
import { accountIdsUnder } from '../targets/organization.js';

/** Walks up from `ouId` to the root; the number of steps is its depth. */
const depthOf = async (
  client: OrganizationsClient,
  ouId: string,
): Promise<number> => {
  let depth = 0;
  let current = ouId;
  // An organization has at most 5 levels of OUs below the root.
  for (let guard = 0; guard < 10; guard += 1) {
    let parent: { Id?: string; Type?: string } | undefined;
    try {
      parent = (await client.send(new ListParentsCommand({ ChildId: current })))
        .Parents?.[0];
    } catch (error) {
      const errorCode = errorCodeOf(error);
      throw new CollectionError(
        `organizations:ListParents failed for ${current}: ${errorCode}: ${(error as Error).message}`,
        { api: 'ListParents', errorCode, cause: error },
      );
    }
    depth += 1;
    if (!parent?.Id || parent.Type === 'ROOT') return depth;
    current = parent.Id;
  }
  return depth;
};

/**
 * For every account below any of `ouIds`, those OUs it sits below, root
 * first (so a nearer OU's params win in `resolveParams`). Costs one
 * `ListParents` per OU level and the listing of each OU's subtree: run it
 * only when the params file has an `ous` section.
 *
 * @throws CollectionError when Organizations cannot be read.
 * @example
 * const accountOus = await resolveAccountOus(factory.organizations(), Object.keys(params.ous ?? {}));
 */
const resolveAccountOus = async (
  client: OrganizationsClient,
  ouIds: readonly string[],
): Promise<Map<string, string[]>> => {
  const withDepth: { ouId: string; depth: number; accounts: Set<string> }[] =
    [];
  for (const ouId of ouIds) {
    withDepth.push({
      ouId,
      depth: await depthOf(client, ouId),
      accounts: await accountIdsUnder(client, [ouId]),
    });
  }
  withDepth.sort((a, b) => a.depth - b.depth || a.ouId.localeCompare(b.ouId));
  const byAccount = new Map<string, string[]>();
  for (const { ouId, accounts } of withDepth) {
    for (const accountId of accounts) {
      const list = byAccount.get(accountId) ?? [];
      list.push(ouId);
      byAccount.set(accountId, list);
    }
  }
  return byAccount;
};

export { resolveAccountOus };
