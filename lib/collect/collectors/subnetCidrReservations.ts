/**
 * Optional: subnet CIDR reservations of the subnets where prefix delegation
 * is in use (reference §1.2.20). Off by default, so the default call plan
 * stays exact.
 *
 * @module
 */
import { GetSubnetCidrReservationsCommand } from '@aws-sdk/client-ec2';
import type {
  NetworkInterface,
  SubnetCidrReservation,
} from '../../snapshot/types.js';
import { PAGE_SIZES } from '../constants.js';
import type { CollectContext } from '../context.js';
import { mapSubnetCidrReservation } from '../mapEc2.js';
import type { CollectorDescriptor } from '../types.js';

/** Prefix and explicit CIDR reservations of prefix-mode subnets. */
const subnetCidrReservationsCollector: CollectorDescriptor =
  Object.freeze<CollectorDescriptor>({
    name: 'subnet-cidr-reservations',
    description:
      'CIDR reservations of subnets holding ENIs with /28 prefixes (option subnetCidrReservations).',
    scope: 'vpc',
    collections: ['subnetCidrReservations'],
    permissions: ['ec2:GetSubnetCidrReservations'],
    optional: true,
  });

/** Subnets where some ENI carries IPv4 prefixes (prefix delegation in use). */
const prefixModeSubnets = (enis: NetworkInterface[]): string[] =>
  [
    ...new Set(
      enis.filter((e) => e.ipv4Prefixes.length > 0).map((e) => e.subnetId),
    ),
  ]
    .filter(Boolean)
    .sort();

/**
 * One `GetSubnetCidrReservations` per subnet (the API takes one `SubnetId`);
 * a failed subnet leaves a gap scoped to it.
 */
const collectSubnetCidrReservations = async (
  ctx: CollectContext,
  subnetIds: string[],
): Promise<SubnetCidrReservation[] | undefined> => {
  const outcomes = await Promise.all(
    subnetIds.map((subnetId) =>
      ctx.attempt(
        {
          collection: 'subnetCidrReservations',
          service: 'ec2',
          api: 'GetSubnetCidrReservations',
          scope: { resourceId: subnetId },
        },
        async (send) => {
          const items: SubnetCidrReservation[] = [];
          let token: string | undefined;
          do {
            const out = await ctx.clients.ec2.send(
              new GetSubnetCidrReservationsCommand({
                SubnetId: subnetId,
                MaxResults: PAGE_SIZES.getSubnetCidrReservations,
                NextToken: token,
              }),
              send,
            );
            for (const r of [
              ...(out.SubnetIpv4CidrReservations ?? []),
              ...(out.SubnetIpv6CidrReservations ?? []),
            ]) {
              items.push(mapSubnetCidrReservation(r));
            }
            token = out.NextToken;
          } while (token);
          return items;
        },
      ),
    ),
  );
  if (subnetIds.length > 0 && outcomes.every((o) => !o.ok)) return undefined;
  return outcomes.flatMap((o) => (o.ok ? o.value : []));
};

export {
  collectSubnetCidrReservations,
  prefixModeSubnets,
  subnetCidrReservationsCollector,
};
