/**
 * Shared pieces of the benchmarks: the measure record, timing helpers and a
 * one-target collection through the fake AWS transport.
 */
import { createClientFactory } from '../lib/aws/index.js';
import { collectSnapshot } from '../lib/collect/index.js';
import type { Snapshot, Target } from '../lib/snapshot/types.js';
import {
  createFakeAws,
  type FakeAws,
  type FakeAwsOptions,
} from '../test/helpers/fakeAws/index.js';

/** One line of `bench/results.json`. */
interface Measure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable goal, e.g. `≤ 1.5`. */
  readonly goal: string;
  readonly met: boolean;
  /** How the value was obtained, when it needs saying. */
  readonly note?: string;
}

/** A measure against an upper bound. */
const atMost = (
  name: string,
  value: number,
  unit: string,
  limit: number,
  note?: string,
): Measure => ({
  name,
  value: round(value),
  unit,
  goal: `≤ ${limit}`,
  met: value <= limit,
  ...(note ? { note } : {}),
});

/** A measure against a lower bound. */
const atLeast = (
  name: string,
  value: number,
  unit: string,
  limit: number,
  note?: string,
): Measure => ({
  name,
  value: round(value),
  unit,
  goal: `≥ ${limit}`,
  met: value >= limit,
  ...(note ? { note } : {}),
});

/** A measure that must equal a value (within 1e-9). */
const exactly = (
  name: string,
  value: number,
  unit: string,
  expected: number,
  note?: string,
): Measure => ({
  name,
  value: round(value),
  unit,
  goal: `= ${expected.toFixed(2)}`,
  met: Math.abs(value - expected) < 1e-9,
  ...(note ? { note } : {}),
});

const round = (value: number): number =>
  Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;

/** Role every fake member account exposes. */
const roleArnOf = (accountId: string): string =>
  `arn:aws:iam::${accountId}:role/eks-netscan`;

/** Collects one target of a fresh fake organization; returns both. */
const collectOne = async (
  fakeOptions: FakeAwsOptions,
  options: { assumeRole?: boolean } = {},
): Promise<{ snapshot: Snapshot; fake: FakeAws; wallMs: number }> => {
  const fake = createFakeAws(fakeOptions);
  const factory = createClientFactory({
    requestHandler: fake.handler,
    credentials: fake.credentials,
    region: 'us-east-1',
  });
  const accountId = fake.accountIds[0] ?? '';
  const target: Target = {
    accountId,
    region: fake.regions[0] ?? 'us-east-1',
    ...(options.assumeRole ? { roleArn: roleArnOf(accountId) } : {}),
  };
  const started = performance.now();
  const snapshot = await collectSnapshot({
    target,
    scanId: '20260101T000000Z-bench',
    clients: factory.clientsFor(target),
  });
  const wallMs = performance.now() - started;
  factory.destroy();
  return { snapshot, fake, wallMs };
};

export type { Measure };
export { atLeast, atMost, collectOne, exactly, roleArnOf, round };
