import { describe, expect, it } from 'vitest';
import {
  type Credentials,
  cacheCredentials,
  roleArnFor,
  sessionNameFor,
} from '../../../lib/aws/credentials.js';

const HOUR = 3_600_000;

describe('cacheCredentials', () => {
  it('shares one request between concurrent callers and renews five minutes before expiry', async () => {
    // Prepare
    const start = Date.parse('2026-11-26T10:00:00Z');
    let clock = start;
    let calls = 0;
    const provider = cacheCredentials(
      async (): Promise<Credentials> => {
        calls += 1;
        return {
          accessKeyId: `AKIA${calls}`,
          secretAccessKey: 'x',
          expiration: new Date(clock + HOUR),
        };
      },
      { now: () => new Date(clock) },
    );

    // Act
    const [a, b] = await Promise.all([provider(), provider()]);
    clock = start + 54 * 60_000;
    const stillCached = await provider();
    clock = start + 56 * 60_000;
    const renewed = await provider();

    // Assess
    expect(a).toBe(b);
    expect(stillCached).toBe(a);
    expect(renewed.accessKeyId).toBe('AKIA2');
    expect(calls).toBe(2);
  });

  it('keeps a failure so a denied account costs one request', async () => {
    // Prepare
    let calls = 0;
    const provider = cacheCredentials(async () => {
      calls += 1;
      throw new Error('denied');
    });

    // Act
    const results = await Promise.allSettled([provider(), provider()]);
    await provider().catch(() => undefined);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
  });
});

describe('roleArnFor', () => {
  it.each([
    ['aws', 'arn:aws:iam::111122223333:role/Scanner'],
    ['aws-us-gov', 'arn:aws-us-gov:iam::111122223333:role/Scanner'],
    ['aws-cn', 'arn:aws-cn:iam::111122223333:role/Scanner'],
  ])('builds the role ARN in partition %s', (partition, arn) => {
    // Act + Assess
    expect(roleArnFor(partition, '111122223333', 'Scanner')).toBe(arn);
  });
});

describe('sessionNameFor', () => {
  it('names the session after the scan within the STS pattern and length', () => {
    // Act
    const name = sessionNameFor(`2026-11-26T10-38-02Z-3fa1${'x'.repeat(60)}`);

    // Assess
    expect(name.startsWith('eks-netscan-2026-11-26T10-38-02Z-3fa1')).toBe(true);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
