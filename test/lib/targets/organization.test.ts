import { describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/clientFactory.js';
import { CollectionError } from '../../../lib/errors.js';
import { listActiveAccounts } from '../../../lib/targets/organization.js';
import { cannedHandler } from '../../helpers/httpHandlers.js';

const json = (body: unknown, status = 200) => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/x-amz-json-1.1' },
});

const organizationsWith = (respond: Parameters<typeof cannedHandler>[0]) => {
  const { handler, requests } = cannedHandler(respond);
  const factory = createClientFactory({
    credentials: { accessKeyId: 'AKIAHUB', secretAccessKey: 'x' },
    endpoint: 'http://127.0.0.1:9',
    requestHandler: handler,
  });
  return { client: factory.organizations(), requests };
};

describe('listActiveAccounts', () => {
  it('reads every page, empty ones included, and keeps ACTIVE accounts by State, else Status', async () => {
    // Prepare
    const pages = [
      { Accounts: [], NextToken: 'p2' },
      {
        Accounts: [
          {
            Id: '333333333333',
            Name: 'c',
            State: 'ACTIVE',
            Status: 'SUSPENDED',
          },
          { Id: '111111111111', Name: 'a', Status: 'ACTIVE' },
          { Id: '222222222222', Name: 'b', Status: 'SUSPENDED' },
        ],
        NextToken: 'p3',
      },
      {
        Accounts: [
          { Id: '444444444444', State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
          { Id: '555555555555', State: 'SUSPENDED' },
        ],
      },
    ];
    const { client, requests } = organizationsWith(() =>
      json(pages[requests.length - 1]),
    );

    // Act
    const accounts = await listActiveAccounts(client);

    // Assess
    expect(accounts).toEqual([
      { id: '111111111111', name: 'a' },
      { id: '333333333333', name: 'c' },
    ]);
    expect(requests.map((r) => JSON.parse(r.body).NextToken)).toEqual([
      undefined,
      'p2',
      'p3',
    ]);
  });

  it('reports a member account calling ListAccounts as a CollectionError that says where to run', async () => {
    // Prepare
    const { client } = organizationsWith(() =>
      json(
        {
          __type: 'AccessDeniedException',
          message: 'You don’t have permissions to access this resource.',
        },
        400,
      ),
    );

    // Act
    const error = await listActiveAccounts(client).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CollectionError);
    expect(error).toMatchObject({
      api: 'ListAccounts',
      errorCode: 'AccessDeniedException',
    });
    expect((error as Error).message).toMatch(/management account/);
  });
});
