/**
 * The registry of collectors: every unit with the collections it fills and
 * the IAM actions it needs. The member role's policy is generated (and
 * tested) from {@link COLLECTOR_PERMISSIONS}.
 *
 * @module
 */
import {
  eksClustersCollector,
  eksClusterVersionsCollector,
} from './collectors/eks.js';
import { instanceTypesCollector } from './collectors/instanceTypes.js';
import { loadBalancersCollector } from './collectors/loadBalancers.js';
import { subnetCidrReservationsCollector } from './collectors/subnetCidrReservations.js';
import { VPC_SCOPED_COLLECTORS } from './collectors/vpcScoped.js';
import { vpcsCollector } from './collectors/vpcs.js';
import type { CollectorDescriptor } from './types.js';

/** Every collector, in call-plan order. */
const COLLECTORS: readonly CollectorDescriptor[] = Object.freeze([
  eksClustersCollector,
  eksClusterVersionsCollector,
  vpcsCollector,
  ...VPC_SCOPED_COLLECTORS,
  loadBalancersCollector,
  instanceTypesCollector,
  subnetCidrReservationsCollector,
]);

/**
 * Sorted union of the IAM actions of every collector, optional ones
 * included: what the member-account scanner role must allow.
 */
const COLLECTOR_PERMISSIONS: readonly string[] = Object.freeze(
  [...new Set(COLLECTORS.flatMap((c) => c.permissions))].sort(),
);

/** The collector of `name`, or `undefined`. */
const findCollector = (name: string): CollectorDescriptor | undefined =>
  COLLECTORS.find((c) => c.name === name);

export { COLLECTOR_PERMISSIONS, COLLECTORS, findCollector };
