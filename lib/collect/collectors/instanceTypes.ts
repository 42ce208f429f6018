/**
 * Instance-type limits for the types seen in the region (reference §1.2.18),
 * asked only for types the scan-wide cache does not hold yet.
 *
 * @module
 */
import { paginateDescribeInstanceTypes } from '@aws-sdk/client-ec2';
import type { InstanceTypeInfo } from '../../snapshot/types.js';
import { PAGE_SIZES } from '../constants.js';
import {
  type CollectContext,
  collectPages,
  type SendOptions,
} from '../context.js';
import { mergeInstanceType } from '../instanceTypeCache.js';
import { mapApiInstanceType } from '../mapEc2.js';
import type {
  ApiInstanceType,
  CollectorDescriptor,
  InstanceTypeCache,
} from '../types.js';

/** Network limits of the instance types in use. */
const instanceTypesCollector: CollectorDescriptor =
  Object.freeze<CollectorDescriptor>({
    name: 'instance-types',
    description:
      'ENI, IP and network-card limits of the instance types in use, merged with the bundled trunking and branch-ENI table.',
    scope: 'region',
    collections: ['instanceTypes'],
    permissions: ['ec2:DescribeInstanceTypes'],
    optional: false,
  });

/** Types named in an `InvalidInstanceType` message (`… exist: [a, b]`). */
const invalidTypesIn = (message: string): string[] => {
  const list = /\[([^\]]*)\]/.exec(message)?.[1] ?? '';
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
};

const chunk = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
};

/**
 * Asks `DescribeInstanceTypes` for up to 100 types. EC2 rejects the whole
 * request when one type is unknown (`InvalidInstanceType`), so the rejected
 * types are cached as unknown and the rest asked once more: one extra call
 * that only happens for a type EC2 does not offer in the region.
 */
const describeBatch = async (
  ctx: CollectContext,
  cache: InstanceTypeCache,
  types: string[],
): Promise<void> => {
  const describe = (batch: string[], send: SendOptions) =>
    collectPages(
      paginateDescribeInstanceTypes(
        {
          client: ctx.clients.ec2,
          stopOnSameToken: true,
          pageSize: PAGE_SIZES.describeInstanceTypes,
        },
        { InstanceTypes: batch as never[] },
        send,
      ),
      (page) => page.InstanceTypes?.map(mapApiInstanceType),
    );
  const outcome = await ctx.attempt(
    {
      collection: 'instanceTypes',
      service: 'ec2',
      api: 'DescribeInstanceTypes',
    },
    async (send): Promise<ApiInstanceType[]> => {
      try {
        return await describe(types, send);
      } catch (error) {
        const e = error as { name?: string; message?: string };
        const invalid =
          e.name === 'InvalidInstanceType'
            ? invalidTypesIn(e.message ?? '')
            : [];
        const rest = types.filter((t) => !invalid.includes(t));
        if (invalid.length === 0 || rest.length === types.length) throw error;
        for (const type of invalid) cache.set(type, null);
        return rest.length > 0 ? await describe(rest, send) : [];
      }
    },
  );
  if (!outcome.ok) return;
  const answered = new Set<string>();
  for (const row of outcome.value) {
    cache.set(row.instanceType, row);
    answered.add(row.instanceType);
  }
  for (const type of types) {
    if (!answered.has(type) && cache.get(type) === undefined) {
      cache.set(type, null);
    }
  }
};

/**
 * Limits of `types`: API rows from the cache (fetched for the missing ones,
 * ≤100 per call), merged with the bundled table. When the API failed, the
 * bundled rows stand in (`source: 'bundled'`) and the gap says why.
 */
const collectInstanceTypes = async (
  ctx: CollectContext,
  cache: InstanceTypeCache,
  types: string[],
): Promise<InstanceTypeInfo[]> => {
  const wanted = [...new Set(types)].filter(Boolean).sort();
  const missing = wanted.filter((t) => cache.get(t) === undefined);
  await Promise.all(
    chunk(missing, PAGE_SIZES.describeInstanceTypes).map((batch) =>
      describeBatch(ctx, cache, batch),
    ),
  );
  return wanted.flatMap((type) => {
    const info = mergeInstanceType(type, cache.get(type));
    return info ? [info] : [];
  });
};

export { collectInstanceTypes, instanceTypesCollector };
