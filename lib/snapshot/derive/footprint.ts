/**
 * The per-node IP footprint of the domain reference §3.3: the worst case of
 * addresses one node can pin in the subnet its Pods draw from, used by the
 * scale-out headroom rule (NET-SUB-005). Deliberately pessimistic.
 *
 * @module
 */
import type { InstanceTypeInfo } from '../types.js';
import type { CniMode } from './maxPods.js';
import { effectiveMode, maxPods, PREFIX_SIZE } from './maxPods.js';

/** Addresses one node takes. */
interface Footprint {
  /** Addresses from the subnet the node's Pods draw from (the node subnet unless custom networking). */
  readonly pods: number;
  /** Further addresses from the node subnet: 1 with custom networking, else 0. */
  readonly node: number;
}

/** Options of {@link footprint}. */
interface FootprintOptions {
  /**
   * VPC CNI environment (`cniEnv`): `WARM_IP_TARGET`, `MINIMUM_IP_TARGET`,
   * `WARM_PREFIX_TARGET` change the footprint.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The cluster's IP family; an IPv6 node takes one IPv4 address.
   * @default 'ipv4'
   */
  readonly ipFamily?: string;
  /**
   * Windows node (one ENI for Pods).
   * @default false
   */
  readonly windows?: boolean;
}

/** The chart default of `WARM_PREFIX_TARGET`. */
const DEFAULT_WARM_PREFIX_TARGET = 1;

/** A non-negative integer env value, or `undefined` when unset or not a number. */
const envInt = (
  env: Readonly<Record<string, string>>,
  key: string,
): number | undefined => {
  const text = env[key]?.trim();
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
};

/**
 * Worst-case addresses one node of a type pins (reference §3.3).
 *
 * Secondary IP: every usable ENI fully populated (`E × I`), or with
 * `WARM_IP_TARGET`/`MINIMUM_IP_TARGET` set, `min(E × I, E_used +
 * max(MINIMUM, P + WARM))`. Prefix: `E_used + 16 × (⌈P/16⌉ +
 * WARM_PREFIX_TARGET)`. `P` is the capped max Pods minus the two
 * host-network Pods. Custom networking uses `E − 1` ENIs and charges one
 * address to the node subnet; IPv6 nodes take one IPv4 address.
 *
 * @param info - network limits of the type
 * @param mode - the CNI mode
 * @param options - see {@link FootprintOptions}
 * @returns the footprint, or `undefined` when the type's limits are unknown
 * @example
 * ```ts
 * footprint(m5large, 'secondary-ip'); // { pods: 30, node: 0 }
 * footprint(m5large, 'prefix'); // { pods: 129, node: 0 }
 * ```
 */
const footprint = (
  info: InstanceTypeInfo,
  mode: CniMode,
  options: FootprintOptions = {},
): Footprint | undefined => {
  if (options.ipFamily === 'ipv6') return { pods: 1, node: 0 };
  const env = options.env ?? {};
  const windows = options.windows ?? false;
  const effective = effectiveMode(info, mode);
  const custom = effective.startsWith('custom-networking');
  const ips = info.ipv4AddressesPerInterface;
  const cardEnis = windows ? 1 : info.maximumNetworkInterfaces;
  if (ips === undefined || cardEnis === undefined || ips < 2) return undefined;
  const enis = custom && !windows ? cardEnis - 1 : cardEnis;
  const limit = maxPods(info, effective, { windows });
  const pods = limit?.capped ?? limit?.raw;
  if (pods === undefined || enis < 1) return undefined;
  const podIps = Math.max(pods - 2, 0);
  const node = custom ? 1 : 0;

  if (effective === 'prefix' || effective === 'custom-networking+prefix') {
    const warm =
      envInt(env, 'WARM_PREFIX_TARGET') ?? DEFAULT_WARM_PREFIX_TARGET;
    const prefixes = Math.min(
      Math.ceil(podIps / PREFIX_SIZE) + warm,
      enis * (ips - 1),
    );
    const enisUsed = Math.min(
      Math.max(Math.ceil(prefixes / (ips - 1)), 1),
      enis,
    );
    return { pods: enisUsed + PREFIX_SIZE * prefixes, node };
  }
  const full = enis * ips;
  const warmIps = envInt(env, 'WARM_IP_TARGET');
  const minimumIps = envInt(env, 'MINIMUM_IP_TARGET');
  if ((warmIps ?? 0) > 0 || (minimumIps ?? 0) > 0) {
    const wanted = podIps + (warmIps ?? 0);
    const enisUsed = Math.ceil(wanted / (ips - 1));
    return {
      pods: Math.min(full, enisUsed + Math.max(minimumIps ?? 0, wanted)),
      node,
    };
  }
  return { pods: full, node };
};

export type { Footprint, FootprintOptions };
export { envInt, footprint };
