/**
 * Builds a small AWS Organization in moto for tests:
 *
 * ```
 * root ── management (123456789012), rootMember
 *  ├── ou-a ── a1
 *  │    └── ou-a-inner ── a2, suspended (closed → SUSPENDED)
 *  └── ou-b ── b1
 * ```
 */
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { testCredentials } from './moto.js';

/** Ids of the organization's parts. */
interface MotoOrganization {
  readonly rootId: string;
  readonly ouA: string;
  readonly ouAInner: string;
  readonly ouB: string;
  readonly management: string;
  readonly rootMember: string;
  readonly a1: string;
  readonly a2: string;
  readonly b1: string;
  readonly suspended: string;
}

/** Moto's default account: the one static test credentials act in. */
const MANAGEMENT_ACCOUNT = '123456789012';

/** Creates the organization above in the moto server at `endpoint`. */
const createMotoOrganization = async (
  endpoint: string,
): Promise<MotoOrganization> => {
  const org = new OrganizationsClient({ ...testCredentials, endpoint });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId =
    (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ou = async (parentId: string, name: string): Promise<string> =>
    (
      await org.send(
        new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }),
      )
    ).OrganizationalUnit?.Id ?? '';
  const account = async (name: string, parentId?: string): Promise<string> => {
    const out = await org.send(
      new CreateAccountCommand({
        AccountName: name,
        Email: `${name}@example.com`,
      }),
    );
    const id = out.CreateAccountStatus?.AccountId ?? '';
    if (parentId) {
      await org.send(
        new MoveAccountCommand({
          AccountId: id,
          SourceParentId: rootId,
          DestinationParentId: parentId,
        }),
      );
    }
    return id;
  };
  const ouA = await ou(rootId, 'workloads');
  const ouAInner = await ou(ouA, 'workloads-prod');
  const ouB = await ou(rootId, 'sandbox');
  const result: MotoOrganization = {
    rootId,
    ouA,
    ouAInner,
    ouB,
    management: MANAGEMENT_ACCOUNT,
    rootMember: await account('root-member'),
    a1: await account('a1', ouA),
    a2: await account('a2', ouAInner),
    b1: await account('b1', ouB),
    suspended: await account('suspended', ouAInner),
  };
  await org.send(new CloseAccountCommand({ AccountId: result.suspended }));
  org.destroy();
  return result;
};

export type { MotoOrganization };
export { createMotoOrganization, MANAGEMENT_ACCOUNT };
