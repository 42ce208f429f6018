import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCollectionError } from '../../../lib/errors.js';
import { resolveAccountOus } from '../../../lib/run/accountOus.js';
import { cannedHandler } from '../../helpers/httpHandlers.js';
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
let client: OrganizationsClient;

beforeAll(async () => {
  moto = await startMoto();
  org = await createMotoOrganization(moto.endpoint);
  client = new OrganizationsClient({
    ...testCredentials,
    endpoint: moto.endpoint,
  });
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describe('resolveAccountOus', () => {
  it('lists the OUs each account sits below, root first, whatever order they are given in', async () => {
    // Act
    const byAccount = await resolveAccountOus(client, [
      org.ouAInner,
      org.ouB,
      org.ouA,
    ]);

    // Assess
    expect(byAccount.get(org.a1)).toEqual([org.ouA]);
    expect(byAccount.get(org.a2)).toEqual([org.ouA, org.ouAInner]);
    expect(byAccount.get(org.b1)).toEqual([org.ouB]);
    expect(byAccount.has(org.rootMember)).toBe(false);
  });

  it('fails with a CollectionError naming ListParents when Organizations denies it', async () => {
    // Prepare
    const { handler } = cannedHandler(() => ({
      status: 400,
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'no' }),
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    }));
    const denied = new OrganizationsClient({
      ...testCredentials,
      endpoint: 'http://127.0.0.1:9',
      requestHandler: handler,
    });

    // Act
    const error = await resolveAccountOus(denied, [org.ouA]).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(isCollectionError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^organizations:ListParents failed for ou-.*: AccessDeniedException: no/,
    );
  });
});
