import {
  DescribeRegionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/clientFactory.js';
import { RateLimiter } from '../../../lib/aws/rateLimiter.js';
import {
  cannedHandler,
  ec2Error,
  type SeenRequest,
} from '../../helpers/httpHandlers.js';

const ok = (action: string) => ({
  status: 200,
  body: `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></${action}Response>`,
});

const credentials = { accessKeyId: 'AKIAHUB', secretAccessKey: 'x' };

/** Largest number of timestamps inside any window [t, t + 1000 ms). */
const busiestSecond = (times: readonly number[]): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const start = sorted[i] as number;
    // The limiter stamps the send and this handler reads the clock a few
    // synchronous calls later; 5 ms absorbs that, never a whole request.
    const inside = sorted.filter((t) => t >= start && t < start + 995).length;
    best = Math.max(best, inside);
  }
  return best;
};

const times = (
  requests: readonly SeenRequest[],
  action: string,
  accessKeyId?: string,
): number[] =>
  requests
    .filter(
      (r) =>
        r.action === action &&
        (accessKeyId === undefined || r.accessKeyId === accessKeyId),
    )
    .map((r) => r.at);

describe('RateLimiter', () => {
  it('keeps every one-second window of one action at or under the limit while other actions and accounts pass', async () => {
    // Prepare
    const { handler, requests } = cannedHandler((r) => ok(r.action));
    const factory = createClientFactory({
      credentials,
      requestHandler: handler,
      ratePerSecond: { ec2: 5 },
    });
    const client = (accountId: string): EC2Client =>
      factory.client(EC2Client, {
        service: 'ec2',
        region: 'us-east-1',
        accountId,
        credentials: async () => ({
          accessKeyId: `AKIA${accountId}`,
          secretAccessKey: 'x',
        }),
      });
    const a = client('111111111111');
    const b = client('222222222222');
    // Compile the request path first: on a busy machine a cold first call
    // can stall between the limiter's stamp and this handler's clock read.
    await client('999999999999').send(new DescribeRegionsCommand({}));
    requests.length = 0;

    // Act
    await Promise.all([
      ...Array.from({ length: 12 }, () =>
        a.send(new DescribeRegionsCommand({})),
      ),
      ...Array.from({ length: 5 }, () => a.send(new DescribeVpcsCommand({}))),
      ...Array.from({ length: 5 }, () =>
        b.send(new DescribeRegionsCommand({})),
      ),
    ]);

    // Assess
    const limited = times(requests, 'DescribeRegions', 'AKIA111111111111');
    expect(limited).toHaveLength(12);
    expect(busiestSecond(limited)).toBe(5);
    const sixth = [...limited].sort((x, y) => x - y)[5] as number;
    const others = [
      ...times(requests, 'DescribeVpcs'),
      ...times(requests, 'DescribeRegions', 'AKIA222222222222'),
    ];
    expect(others).toHaveLength(10);
    expect(others.every((t) => t < sixth)).toBe(true);
  });

  it('never has more requests in flight per account than the bound, across regions', async () => {
    // Prepare
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    let total = 0;
    let peakTotal = 0;
    const { handler } = cannedHandler((r) => ok(r.action));
    const delayed = {
      handle: async (request: Parameters<typeof handler.handle>[0]) => {
        const key =
          /Credential=(AKIA\d+)/.exec(
            request.headers.authorization ?? '',
          )?.[1] ?? '?';
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        total += 1;
        peak.set(key, Math.max(peak.get(key) ?? 0, inFlight.get(key) ?? 0));
        peakTotal = Math.max(peakTotal, total);
        const answer = await handler.handle(request);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
        total -= 1;
        return answer;
      },
    };
    const factory = createClientFactory({
      credentials,
      requestHandler: delayed,
      ratePerSecond: {},
      maxInFlightPerAccount: 3,
    });
    const client = (accountId: string, region: string): EC2Client =>
      factory.client(EC2Client, {
        service: 'ec2',
        region,
        accountId,
        credentials: async () => ({
          accessKeyId: `AKIA${accountId}`,
          secretAccessKey: 'x',
        }),
      });
    const clients = [
      client('111111111111', 'us-east-1'),
      client('111111111111', 'eu-west-1'),
      client('222222222222', 'us-east-1'),
    ];

    // Act
    await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: 10 }, () => c.send(new DescribeVpcsCommand({}))),
      ),
    );

    // Assess
    expect(peak.get('AKIA111111111111')).toBe(3);
    expect(peak.get('AKIA222222222222')).toBe(3);
    expect(peakTotal).toBeGreaterThan(3);
    expect(factory.limiter.inFlight('111111111111')).toBe(0);
  });

  it('limits and counts every retry of a throttled request', async () => {
    // Prepare
    let calls = 0;
    const { handler, requests } = cannedHandler((r) => {
      calls += 1;
      return calls <= 2
        ? { status: 503, body: ec2Error('RequestLimitExceeded', 'slow down') }
        : ok(r.action);
    });
    const factory = createClientFactory({
      credentials,
      requestHandler: handler,
      retryStrategy: new ConfiguredRetryStrategy(3, () => 0),
    });
    const { ec2, counter } = factory.clientsFor({
      accountId: '111111111111',
      region: 'us-east-1',
    });

    // Act
    await ec2.send(new DescribeRegionsCommand({}));

    // Assess
    expect(requests).toHaveLength(3);
    expect(counter.byAction()).toEqual({ 'ec2:DescribeRegions': 3 });
    expect(factory.scanCounter.total()).toBe(3);
  });

  it('counts the window from the real send when the process stalled after the grant', async () => {
    // Prepare
    let clock = 0;
    const limiter = new RateLimiter({
      ratePerSecond: { ec2: 2 },
      now: () => clock,
    });
    const key = {
      accountId: '111111111111',
      region: 'us-east-1',
      service: 'ec2',
      action: 'DescribeSubnets',
    };
    const first = await limiter.acquire(key);
    const second = await limiter.acquire(key);
    clock = 400;
    first.start();
    second.start();
    first.release();
    second.release();

    // Act
    clock = 1_000;
    let granted = false;
    const third = limiter.acquire(key).then((permit) => {
      granted = true;
      return permit;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const grantedAtOneSecond = granted;
    // The window is 1.1 s (a margin for send jitter), counted from the sends at 400.
    clock = 1_500;
    (await third).release();

    // Assess
    expect(grantedAtOneSecond).toBe(false);
    expect(granted).toBe(true);
  });

  it.each([
    { options: { ratePerSecond: { ec2: 0 } }, message: /rate for ec2/ },
    { options: { maxInFlightPerAccount: 0 }, message: /maxInFlight/ },
  ])('rejects the invalid option $options', ({ options, message }) => {
    // Act + Assess
    expect(() => new RateLimiter(options)).toThrow(message);
  });
});
