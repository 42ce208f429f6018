/**
 * Validation of the handlers' events: JSON Schema (ajv) for the shape, then
 * the account, region, OU and scan id rules of `lib/targets`/`lib/store`,
 * so a bad event fails with one line per problem before anything is written.
 *
 * @module
 */
import {
  Ajv,
  type ErrorObject,
  type JSONSchemaType,
  type ValidateFunction,
} from 'ajv';
import type { Target } from '../../lib/snapshot/types.js';
import { SCAN_ID_PATTERN } from '../../lib/store/keys.js';
import {
  ACCOUNT_ID_PATTERN,
  KNOWN_REGIONS,
  OU_ID_PATTERN,
  REGION_PATTERN,
  ROLE_NAME_PATTERN,
} from '../../lib/targets/constants.js';
import { EventValidationError } from './errors.js';

/** Input of the `plan` function (the state machine's execution input). */
interface PlanEvent {
  /** Who started the scan; informational. */
  readonly trigger?: string;
  /** Scan exactly these accounts instead of the organization. */
  readonly accounts?: string[];
  /** Scan these regions instead of the configured ones. */
  readonly regions?: string[];
  readonly includeOus?: string[];
  readonly excludeOus?: string[];
  readonly excludeAccounts?: string[];
}

/** One Distributed Map item, as the state machine's `ItemSelector` builds it. */
interface ScanTargetEvent {
  readonly scanId: string;
  readonly target: Target;
}

/** Input of the `report` function. */
interface ReportEvent {
  readonly scanId: string;
}

/** Input of the synchronous `scanNow` function. */
interface ScanNowEvent {
  readonly accountId: string;
  readonly region: string;
  /** Keep only results of this cluster (and region-level results). */
  readonly clusterName?: string;
  /** Return only failing and unknown results. @default false */
  readonly onlyFailed?: boolean;
}

const stringList = {
  type: 'array',
  items: { type: 'string' },
  maxItems: 10_000,
  nullable: true,
} as const;

const targetSchema = {
  type: 'object',
  properties: {
    accountId: { type: 'string' },
    accountName: { type: 'string', nullable: true, maxLength: 256 },
    region: { type: 'string' },
    roleArn: { type: 'string', nullable: true, maxLength: 2048 },
  },
  required: ['accountId', 'region'],
  additionalProperties: false,
} as const;

const planSchema: JSONSchemaType<PlanEvent> = {
  type: 'object',
  properties: {
    trigger: { type: 'string', nullable: true, maxLength: 64 },
    accounts: stringList,
    regions: stringList,
    includeOus: stringList,
    excludeOus: stringList,
    excludeAccounts: stringList,
  },
  required: [],
  additionalProperties: false,
};

const scanTargetSchema: JSONSchemaType<ScanTargetEvent> = {
  type: 'object',
  properties: {
    scanId: { type: 'string' },
    target: targetSchema as unknown as JSONSchemaType<Target>,
  },
  required: ['scanId', 'target'],
  additionalProperties: false,
};

const reportSchema: JSONSchemaType<ReportEvent> = {
  type: 'object',
  properties: { scanId: { type: 'string' } },
  required: ['scanId'],
  additionalProperties: false,
};

const scanNowSchema: JSONSchemaType<ScanNowEvent> = {
  type: 'object',
  properties: {
    accountId: { type: 'string' },
    region: { type: 'string' },
    clusterName: {
      type: 'string',
      nullable: true,
      pattern: '^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$',
    },
    onlyFailed: { type: 'boolean', nullable: true },
  },
  required: ['accountId', 'region'],
  additionalProperties: false,
};

const schemas = {
  plan: planSchema,
  scanTarget: scanTargetSchema,
  report: reportSchema,
  scanNow: scanNowSchema,
} as const;

type HandlerName = keyof typeof schemas;

// Compiled on first use: a handler needs only its own schema, and compiling
// all four would add to every cold start.
let ajv: Ajv | undefined;
const validators = new Map<HandlerName, ValidateFunction>();
const validatorOf = (name: HandlerName): ValidateFunction => {
  let validate = validators.get(name);
  if (!validate) {
    ajv ??= new Ajv({ allErrors: true, strict: true, verbose: true });
    validate = ajv.compile(schemas[name]);
    validators.set(name, validate);
  }
  return validate;
};

const knownRegions = new Set(KNOWN_REGIONS);

const fieldOf = (path: string, child?: string): string => {
  const parts = path.split('/').filter((part) => part.length > 0);
  if (child !== undefined) parts.push(child);
  return parts.length === 0 ? '(event)' : parts.join('.');
};

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const problemOf = (error: ErrorObject): string => {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${fieldOf(error.instancePath, String(params.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${fieldOf(error.instancePath, String(params.additionalProperty))}: unknown field`;
    case 'type':
      return `${fieldOf(error.instancePath)}: must be ${String(params.type)}, got ${describe(error.data)}`;
    case 'pattern':
      return `${fieldOf(error.instancePath)}: ${JSON.stringify(error.data)} is not a valid value`;
    default:
      return `${fieldOf(error.instancePath)}: ${error.message ?? 'is invalid'}`;
  }
};

const checkAccount = (field: string, value: string): string[] =>
  ACCOUNT_ID_PATTERN.test(value)
    ? []
    : [
        `${field}: ${JSON.stringify(value)} is not an account id; use 12 digits such as 111122223333`,
      ];

const checkRegion = (field: string, value: string): string[] =>
  REGION_PATTERN.test(value) && knownRegions.has(value)
    ? []
    : [
        `${field}: ${JSON.stringify(value)} is not a region; use a region name such as us-east-1 or eu-west-1`,
      ];

const checkScanId = (field: string, value: string): string[] =>
  SCAN_ID_PATTERN.test(value)
    ? []
    : [
        `${field}: ${JSON.stringify(value)} is not a scan id such as 2026-11-26T10-38-02Z-3fa1`,
      ];

const checkOu = (field: string, value: string): string[] =>
  OU_ID_PATTERN.test(value)
    ? []
    : [
        `${field}: ${JSON.stringify(value)} is not an OU id such as ou-ab12-cdef3456 or r-ab12`,
      ];

const each = (
  field: string,
  values: readonly string[] | undefined,
  check: (field: string, value: string) => string[],
): string[] =>
  (values ?? []).flatMap((value, index) => check(`${field}[${index}]`, value));

const ROLE_ARN =
  /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

const checkTarget = (field: string, target: Target): string[] => {
  const problems = [
    ...checkAccount(`${field}.accountId`, target.accountId),
    ...checkRegion(`${field}.region`, target.region),
  ];
  if (target.roleArn !== undefined) {
    const match = ROLE_ARN.exec(target.roleArn);
    if (
      !match ||
      match[2] !== target.accountId ||
      !ROLE_NAME_PATTERN.test(match[3] ?? '')
    ) {
      problems.push(
        `${field}.roleArn: ${JSON.stringify(target.roleArn)} is not a role ARN in account ${target.accountId}`,
      );
    }
  }
  return problems;
};

const semantic = {
  plan: (event: PlanEvent): string[] => [
    ...each('accounts', event.accounts, checkAccount),
    ...each('excludeAccounts', event.excludeAccounts, checkAccount),
    ...each('regions', event.regions, checkRegion),
    ...each('includeOus', event.includeOus, checkOu),
    ...each('excludeOus', event.excludeOus, checkOu),
    ...(event.accounts?.length === 0
      ? ['accounts: is empty; leave it out to scan the organization']
      : []),
    ...(event.regions?.length === 0
      ? ['regions: is empty; leave it out to use the configured regions']
      : []),
  ],
  scanTarget: (event: ScanTargetEvent): string[] => [
    ...checkScanId('scanId', event.scanId),
    ...checkTarget('target', event.target),
  ],
  report: (event: ReportEvent): string[] => checkScanId('scanId', event.scanId),
  scanNow: (event: ScanNowEvent): string[] => [
    ...checkAccount('accountId', event.accountId),
    ...checkRegion('region', event.region),
  ],
};

interface EventOf {
  plan: PlanEvent;
  scanTarget: ScanTargetEvent;
  report: ReportEvent;
  scanNow: ScanNowEvent;
}

/**
 * Checks `event` against the named handler's schema and rules.
 *
 * @throws {EventValidationError} With one line per problem, each naming the
 *   field (`target.region: "mars-1" is not a region; …`).
 * @example
 * const event = validateEvent('report', raw); // { scanId }
 */
const validateEvent = <N extends HandlerName>(
  name: N,
  event: unknown,
): EventOf[N] => {
  const validate = validatorOf(name);
  if (!validate(event)) {
    const errors = (validate.errors ?? []).map(problemOf);
    throw new EventValidationError(name, [...new Set(errors)]);
  }
  const problems = (semantic[name] as (e: EventOf[N]) => string[])(
    event as EventOf[N],
  );
  if (problems.length > 0) throw new EventValidationError(name, problems);
  return event as EventOf[N];
};

export type { PlanEvent, ReportEvent, ScanNowEvent, ScanTargetEvent };
export { validateEvent };
