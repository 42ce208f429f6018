/**
 * The scan-wide `DescribeInstanceTypes` cache and the merge with the bundled
 * table `data/instance-network-limits.json` (VPC Resource Controller limits
 * plus the VPC CNI's max-pods list; see `data/NOTICE.md`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScannerError } from '../errors.js';
import type { InstanceTypeInfo } from '../snapshot/types.js';
import { compact } from './mapEks.js';
import type { ApiInstanceType, InstanceTypeCache } from './types.js';

/** One row of the bundled table; `null` where the upstream file lacks it. */
interface BundledRow {
  readonly enis: number | null;
  readonly ipv4PerEni: number | null;
  readonly hypervisor: string | null;
  readonly bareMetal: boolean | null;
  readonly trunking: boolean | null;
  readonly branchEnis: number | null;
  readonly networkCards: number | null;
  readonly maxPodsDefault: number | null;
}

/**
 * Path of the bundled table. Resolved from this module like `policies/`, so
 * the Lambda bundles find it in the packaged `data/` (serverless.yml points
 * `import.meta.url` one directory below `functions/`).
 */
const INSTANCE_LIMITS_FILE = fileURLToPath(
  new URL('../../data/instance-network-limits.json', import.meta.url),
);

let table: Readonly<Record<string, BundledRow>> | undefined;

/**
 * The table, read on first use. Why not a static JSON import: as a module
 * it is ~180 KB of every Lambda bundle that the runtime parses on each cold
 * start; read here, it costs one `JSON.parse` when a scan first merges an
 * instance type.
 */
const bundledTable = (): Readonly<Record<string, BundledRow>> => {
  if (!table) {
    try {
      table = (
        JSON.parse(readFileSync(INSTANCE_LIMITS_FILE, 'utf8')) as {
          instanceTypes: Record<string, BundledRow>;
        }
      ).instanceTypes;
    } catch (error) {
      throw new ScannerError(
        `cannot read the bundled instance table ${INSTANCE_LIMITS_FILE}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { cause: error },
      );
    }
  }
  return table;
};

/** The bundled row of a type, when the table has one. */
const bundledRow = (instanceType: string): BundledRow | undefined => {
  const rows = bundledTable();
  return Object.hasOwn(rows, instanceType) ? rows[instanceType] : undefined;
};

const orUndefined = <T>(value: T | null): T | undefined =>
  value === null ? undefined : value;

/**
 * ENIs on the default network card, from a bundled row.
 *
 * The table's `enis` is the VPC Resource Controller's `Interface`: the total
 * over all cards. For single-card types that equals the default card's limit.
 * For multi-card types the default card's limit is recovered from the CNI's
 * max-pods value, which upstream computes as `enis × (ipv4PerEni − 1) + 2`
 * from the default card only; without a max-pods value it stays unknown.
 */
const defaultCardEnis = (row: BundledRow): number | undefined => {
  if (row.enis === null) return undefined;
  if ((row.networkCards ?? 1) <= 1) return row.enis;
  if (row.maxPodsDefault === null || row.ipv4PerEni === null) return undefined;
  const enis = (row.maxPodsDefault - 2) / (row.ipv4PerEni - 1);
  return Number.isInteger(enis) && enis > 0 ? enis : undefined;
};

/** The CNI's default max pods (secondary-IP mode): `enis × (ips − 1) + 2`. */
const maxPodsFrom = (
  enis: number | undefined,
  ipsPerEni: number | undefined,
): number | undefined =>
  enis !== undefined && ipsPerEni !== undefined
    ? enis * (ipsPerEni - 1) + 2
    : undefined;

/**
 * Merges the API's answer (authoritative for what it reports) with the
 * bundled row (the only source of trunking and branch-ENI limits).
 * Returns `undefined` when neither source knows the type.
 */
const mergeInstanceType = (
  instanceType: string,
  api: ApiInstanceType | null | undefined,
): InstanceTypeInfo | undefined => {
  const row = bundledRow(instanceType);
  if (!api && !row) return undefined;
  const fromRow = row
    ? {
        // Bare-metal rows carry `""`: no hypervisor.
        hypervisor: row.hypervisor || undefined,
        bareMetal: orUndefined(row.bareMetal),
        maximumNetworkInterfaces: defaultCardEnis(row),
        maximumNetworkCards: orUndefined(row.networkCards),
        ipv4AddressesPerInterface: orUndefined(row.ipv4PerEni),
      }
    : {};
  const merged = { ...fromRow, ...(api ? compact({ ...api }) : {}) };
  return compact({
    instanceType,
    source: api ? (row ? 'api+bundled' : 'api') : 'bundled',
    hypervisor: merged.hypervisor,
    bareMetal: merged.bareMetal,
    defaultVCpus: api?.defaultVCpus,
    maximumNetworkInterfaces: merged.maximumNetworkInterfaces,
    maximumNetworkCards: merged.maximumNetworkCards,
    ipv4AddressesPerInterface: merged.ipv4AddressesPerInterface,
    ipv6AddressesPerInterface: api?.ipv6AddressesPerInterface,
    ipv6Supported: api?.ipv6Supported,
    trunkingCompatible: row ? orUndefined(row.trunking) : undefined,
    branchInterfaces: row ? orUndefined(row.branchEnis) : undefined,
    maxPodsDefault:
      orUndefined(row?.maxPodsDefault ?? null) ??
      maxPodsFrom(
        merged.maximumNetworkInterfaces,
        merged.ipv4AddressesPerInterface,
      ),
  } satisfies InstanceTypeInfo);
};

/**
 * Creates an empty {@link InstanceTypeCache}. Share one per scan: instance
 * type limits do not differ between accounts or regions.
 *
 * @example
 * const instanceTypeCache = createInstanceTypeCache();
 * for (const target of targets) {
 *   await collectSnapshot({ target, scanId, clients, instanceTypeCache });
 * }
 */
const createInstanceTypeCache = (): InstanceTypeCache => {
  const entries = new Map<string, ApiInstanceType | null>();
  return {
    get: (instanceType) => entries.get(instanceType),
    set: (instanceType, value) => {
      entries.set(instanceType, value);
    },
    get size() {
      return entries.size;
    },
  };
};

export {
  bundledRow,
  createInstanceTypeCache,
  INSTANCE_LIMITS_FILE,
  mergeInstanceType,
};
