/**
 * Max-Pods arithmetic of the domain reference §3.1: the VPC CNI's formulas
 * per mode and the 110/250 caps of the EKS max-pods calculator.
 *
 * Decisions recorded here:
 * - The cap is 110 for vCPUs ≤ 30 and 250 above, as the calculator does
 *   (`CPU_COUNT -gt 30`). Managed node groups give 250 at exactly 30 vCPUs
 *   (reference §6.3); no common type has exactly 30.
 * - Prefix formulas apply only to Nitro or bare-metal types; any other type
 *   falls back to the secondary-IP formula of the same mode, as the
 *   calculator does.
 * - When the vCPU count is unknown and the raw value exceeds 110, the capped
 *   value cannot be told and is `undefined`.
 * - Windows nodes use one ENI: `I − 1`, or `(I − 1) × 16` with prefixes; the
 *   same caps apply.
 *
 * @module
 */
import type { InstanceTypeInfo } from '../types.js';

/** How the CNI hands out Pod addresses on a node. */
type CniMode =
  | 'secondary-ip'
  | 'prefix'
  | 'custom-networking'
  | 'custom-networking+prefix';

/** Max Pods of a type in one mode. */
interface MaxPods {
  /** The formula's value before any cap. */
  readonly raw: number;
  /** `min(raw, cap)`; `undefined` when the cap depends on an unknown vCPU count. */
  readonly capped?: number;
}

/** Options of {@link maxPods}. */
interface MaxPodsOptions {
  /**
   * The node runs Windows (one ENI for Pods).
   * @default false
   */
  readonly windows?: boolean;
}

/** Addresses in an IPv4 /28 prefix. */
const PREFIX_SIZE = 16;
/** Cap for types with at most {@link CAP_VCPU_THRESHOLD} vCPUs. */
const SMALL_CAP = 110;
/** Cap for larger types. */
const LARGE_CAP = 250;
/** vCPU count up to which the small cap applies (calculator rule). */
const CAP_VCPU_THRESHOLD = 30;

/**
 * The calculator's cap for a vCPU count: 110 up to 30 vCPUs, 250 above.
 *
 * @param vcpus - default vCPUs of the type
 * @returns 110 or 250
 */
const maxPodsCap = (vcpus: number): number =>
  vcpus > CAP_VCPU_THRESHOLD ? LARGE_CAP : SMALL_CAP;

/** Prefixes are handed out only on Nitro and bare-metal types. */
const supportsPrefixes = (info: InstanceTypeInfo): boolean =>
  info.hypervisor === 'nitro' || info.bareMetal === true;

/** The mode a type actually runs in when `mode` is configured. */
const effectiveMode = (info: InstanceTypeInfo, mode: CniMode): CniMode => {
  if (supportsPrefixes(info)) return mode;
  if (mode === 'prefix') return 'secondary-ip';
  if (mode === 'custom-networking+prefix') return 'custom-networking';
  return mode;
};

/** The uncapped formula of §3.1, or `undefined` when limits are unknown. */
const rawMaxPods = (
  info: InstanceTypeInfo,
  mode: CniMode,
  windows: boolean,
): number | undefined => {
  const enis = info.maximumNetworkInterfaces;
  const ips = info.ipv4AddressesPerInterface;
  const effective = effectiveMode(info, mode);
  const prefix =
    effective === 'prefix' || effective === 'custom-networking+prefix';
  if (ips === undefined) return undefined;
  const slots = prefix ? (ips - 1) * PREFIX_SIZE : ips - 1;
  if (windows) return slots;
  if (enis === undefined) {
    // The published eni-max-pods value is the secondary-IP formula.
    return effective === 'secondary-ip' ? info.maxPodsDefault : undefined;
  }
  const custom = effective.startsWith('custom-networking');
  return (custom ? enis - 1 : enis) * slots + 2;
};

/**
 * Max Pods of an instance type in a CNI mode (reference §3.1), raw and with
 * the 110/250 cap.
 *
 * @param info - network limits of the type (`snapshot.instanceTypes`)
 * @param mode - the node's (or cluster's) CNI mode
 * @param options - see {@link MaxPodsOptions}
 * @returns raw and capped values, or `undefined` when the limits are unknown
 * @example
 * ```ts
 * maxPods(m5large, 'prefix'); // { raw: 434, capped: 110 }
 * ```
 */
const maxPods = (
  info: InstanceTypeInfo,
  mode: CniMode,
  options: MaxPodsOptions = {},
): MaxPods | undefined => {
  const raw = rawMaxPods(info, mode, options.windows ?? false);
  if (raw === undefined) return undefined;
  if (info.defaultVCpus !== undefined) {
    return { raw, capped: Math.min(raw, maxPodsCap(info.defaultVCpus)) };
  }
  return raw <= SMALL_CAP ? { raw, capped: raw } : { raw };
};

export type { CniMode, MaxPods, MaxPodsOptions };
export { effectiveMode, maxPods, maxPodsCap, PREFIX_SIZE, supportsPrefixes };
