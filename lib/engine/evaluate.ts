/**
 * Evaluation: every compiled policy over every resource of its kind, giving
 * one Result per (policy, resource). Pure: no I/O, no clock, no environment.
 *
 * @module
 */
import { derive } from '../snapshot/derive.js';
import type { Facts, FactsBase, ResourceKind } from '../snapshot/facts.js';
import { KIND_SPECS } from '../snapshot/facts.js';
import type { CollectionName, Gap, Snapshot } from '../snapshot/types.js';
import { celErrorSummary } from './celEnvironment.js';
import { assertKnownOptions } from './options.js';
import { resolveParams } from './params.js';
import { resultIdFactory } from './resultId.js';
import { toJsonValue } from './template.js';
import type {
  CelContext,
  CompiledPolicy,
  EvaluationOutput,
  KindRegistry,
  LoadedWaiver,
  ParamsFile,
  Result,
  Severity,
  Status,
  Waiver,
  WaiverSet,
  WaiverUse,
} from './types.js';

/** Options of {@link evaluate}. */
interface EvaluateOptions {
  /** The evaluation time (`now` in CEL, waiver expiry); never the clock. */
  readonly now: Date;
  /** Parameter overrides (see `loadParams`). */
  readonly params?: ParamsFile;
  /** Waivers (see `loadWaivers`). */
  readonly waivers?: WaiverSet;
  /** OUs of the target account, root first: a nearer OU's params win. */
  readonly accountOus?: readonly string[];
  /**
   * Scan id written into each result.
   * @default the snapshot's (or facts') scanId
   */
  readonly scanId?: string;
  /**
   * Resource kinds (their `sourceCollections` decide placeholder results).
   * @default KIND_SPECS
   */
  readonly kinds?: KindRegistry;
}

const EVALUATE_OPTIONS = [
  'now',
  'params',
  'waivers',
  'accountOus',
  'scanId',
  'kinds',
] as const;

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

const isSnapshot = (input: Snapshot | Facts): input is Snapshot =>
  'schemaVersion' in input;

/** Scope fields a resource has for gap matching. */
const clusterOf = (resource: FactsBase): string | undefined =>
  resource.clusterName ??
  (resource.kind === 'cluster' ? resource.name : undefined);

/** The VPC a resource sits in; a VPC resource is its own. */
const vpcOf = (resource: FactsBase): string | undefined =>
  resource.vpcId ?? (resource.kind === 'vpc' ? resource.id : undefined);

/**
 * The resource kind whose ids a gap's `resourceId` names, per collection.
 * Other collections (`addons`, `vpcAttributes`) put a sub-resource name there
 * (`vpc-cni`, `enableDnsSupport`) that is no resource's id: it must not hide
 * the gap from the cluster or VPC the sub-resource belongs to.
 */
const RESOURCE_ID_KIND: Readonly<
  Partial<Record<CollectionName, ResourceKind>>
> = {
  clusters: 'cluster',
  nodegroups: 'nodegroup',
  fargateProfiles: 'fargateProfile',
  subnetCidrReservations: 'subnet',
};

/**
 * Whether a gap makes the inputs of `resource` uncertain. `vpcId` scopes to
 * resources of that VPC, `clusterName` to resources of that cluster, and
 * `resourceId` only narrows among resources of the kind it names (node groups
 * and Fargate profiles are matched as `<cluster>/<name>`); resources of other
 * kinds aggregate the failed one and stay in scope. A scope field the
 * resource does not carry counts as a match: the scanner cannot show the
 * resource is outside the failed scope, so it must not claim a verdict.
 */
const gapApplies = (gap: Gap, resource: FactsBase): boolean => {
  const scope = gap.scope;
  if (!scope) return true;
  if (scope.vpcId !== undefined) {
    const vpc = vpcOf(resource);
    if (vpc !== undefined && vpc !== scope.vpcId) return false;
  }
  if (scope.clusterName !== undefined) {
    const cluster = clusterOf(resource);
    if (
      cluster !== undefined &&
      !cluster.split(',').includes(scope.clusterName)
    ) {
      return false;
    }
  }
  if (
    scope.resourceId !== undefined &&
    RESOURCE_ID_KIND[gap.collection] === resource.kind
  ) {
    return (
      resource.id === scope.resourceId ||
      (scope.clusterName !== undefined &&
        resource.id === `${scope.clusterName}/${scope.resourceId}`)
    );
  }
  return true;
};

/** "DescribeSubnets failed with AccessDenied (needs ec2:DescribeSubnets)". */
const describeGap = (gap: Gap): string =>
  `${gap.collection} could not be read: ${gap.api} failed with ${gap.errorCode} (needs ${gap.iamAction})`;

const compareStrings = (a: string, b: string): number =>
  a < b ? -1 : a > b ? 1 : 0;

const compareResults = (a: Result, b: Result): number =>
  compareStrings(a.ruleId, b.ruleId) ||
  compareStrings(a.accountId, b.accountId) ||
  compareStrings(a.region, b.region) ||
  compareStrings(a.resourceId, b.resourceId);

/** A key for the scope of a placeholder result, or nothing for resource scopes. */
const placeholderScope = (
  gap: Gap,
): { id: string; clusterName?: string } | undefined => {
  const scope = gap.scope;
  if (!scope || (!scope.clusterName && !scope.vpcId && !scope.resourceId)) {
    return { id: '*' };
  }
  if (scope.clusterName) {
    return {
      id: `cluster/${scope.clusterName}/*`,
      clusterName: scope.clusterName,
    };
  }
  if (scope.vpcId) return { id: `vpc/${scope.vpcId}/*` };
  return undefined;
};

/** Mutable waiver bookkeeping during one evaluation. */
interface WaiverState {
  readonly byRule: Map<string, LoadedWaiver[]>;
  readonly uses: Map<LoadedWaiver, number>;
  readonly expired: Waiver[];
}

const prepareWaivers = (
  set: WaiverSet | undefined,
  now: number,
): WaiverState => {
  const state: WaiverState = {
    byRule: new Map(),
    uses: new Map(),
    expired: (set?.expired ?? []).map((loaded) => loaded.waiver),
  };
  for (const loaded of set?.active ?? []) {
    if (loaded.expiresAt <= now) {
      state.expired.push(loaded.waiver);
      continue;
    }
    const list = state.byRule.get(loaded.waiver.rule) ?? [];
    list.push(loaded);
    state.byRule.set(loaded.waiver.rule, list);
  }
  return state;
};

const findWaiver = (
  state: WaiverState,
  ruleId: string,
  accountId: string,
  resource: FactsBase,
): LoadedWaiver | undefined => {
  const candidates = state.byRule.get(ruleId);
  if (!candidates) return undefined;
  for (const loaded of candidates) {
    if (loaded.waiver.accounts && !loaded.waiver.accounts.includes(accountId)) {
      continue;
    }
    if (loaded.matches(resource.id, resource.arn)) return loaded;
  }
  return undefined;
};

/**
 * Evaluates policies against one target's snapshot (run through `derive()`)
 * or facts.
 *
 * Per resource, in order: a gap in a required collection → `unknown`;
 * `when` false → `skip`; `unknownWhen` true → `unknown`; `assert` → `pass`
 * or `fail` (severity overrides apply to `fail`); any CEL error → `unknown`.
 * A gap in a collection the kind is built from also yields one `unknown`
 * placeholder per policy and scope (`*`, `cluster/<name>/*`, `vpc/<id>/*`),
 * because missing resources would otherwise produce no result at all.
 *
 * @example
 * const output = evaluate(snapshot, policies, { now: new Date(snapshot.collectedAt) });
 */
const evaluate = (
  input: Snapshot | Facts,
  policies: readonly CompiledPolicy[],
  options: EvaluateOptions,
): EvaluationOutput => {
  assertKnownOptions('evaluate', options, EVALUATE_OPTIONS);
  const facts = isSnapshot(input) ? derive(input) : input;
  const kinds = options.kinds ?? KIND_SPECS;
  const scanId = options.scanId ?? facts.scanId;
  const { accountId, region } = facts.target;
  const now = options.now.getTime();
  const target = {
    accountId,
    region,
    accountName: facts.target.accountName ?? '',
  };
  const waiverState = prepareWaivers(options.waivers, now);
  const sortedResources = new Map<ResourceKind, readonly FactsBase[]>();
  const resourcesOf = (kind: ResourceKind): readonly FactsBase[] => {
    let list = sortedResources.get(kind);
    if (!list) {
      const given = (facts.resources[kind] ?? []) as FactsBase[];
      // derive() already sorts by id; copy and sort only when it did not.
      let sorted = true;
      for (let index = 1; index < given.length && sorted; index++) {
        sorted =
          (given[index - 1] as FactsBase).id < (given[index] as FactsBase).id;
      }
      list = sorted
        ? given
        : [...given].sort((a, b) => compareStrings(a.id, b.id));
      sortedResources.set(kind, list);
    }
    return list;
  };
  const ordered = [...policies].sort((a, b) => compareStrings(a.id, b.id));
  const results: Result[] = [];
  let pass = 0;
  let fail = 0;
  let unknown = 0;
  let skip = 0;
  let waived = 0;

  for (const policy of ordered) {
    const document = policy.document;
    const context: CelContext = {
      resource: undefined,
      params: resolveParams(
        policy,
        options.params,
        accountId,
        options.accountOus ?? [],
      ),
      target,
      now: options.now,
    };
    const idOf = resultIdFactory(policy.id, accountId, region);
    const requiredGaps = facts.gaps.filter((gap) =>
      policy.requires.has(gap.collection),
    );
    const make = (
      resource: { id: string; arn?: string; clusterName?: string },
      status: Status,
      severity: Severity,
      message: string,
      evidence: Readonly<Record<string, unknown>>,
    ): Result => ({
      id: idOf(resource.id),
      scanId,
      ruleId: policy.id,
      title: document.title,
      severity,
      status,
      accountId,
      region,
      clusterName: resource.clusterName,
      resourceType: policy.resource,
      resourceId: resource.id,
      resourceArn: resource.arn,
      message,
      evidence,
      remediation: document.remediation,
      references: document.references,
    });
    const policyResults: Result[] = [];
    const label = (resource: FactsBase) => `${policy.resource} ${resource.id}`;
    // One fixed string per policy: skips are the most common result and
    // need not name the resource (the result's resourceId does).
    const skipMessage = `${policy.id} does not apply: its precondition (when) is false for this ${policy.resource}.`;

    for (const resource of resourcesOf(policy.resource)) {
      let result: Result;
      const gap =
        requiredGaps.length === 0
          ? undefined
          : requiredGaps.find((candidate) => gapApplies(candidate, resource));
      if (gap) {
        result = make(
          resource,
          'unknown',
          policy.severity,
          `${policy.id} cannot be evaluated on ${label(resource)} in ${accountId}/${region}: ${describeGap(gap)}.`,
          EMPTY,
        );
      } else {
        context.resource = resource;
        try {
          result = evaluateOne(policy, resource, context, make, skipMessage);
        } catch (error) {
          result = make(
            resource,
            'unknown',
            policy.severity,
            `${policy.id} could not be evaluated on ${label(resource)} in ${accountId}/${region}: ${celErrorSummary(error)}.`,
            EMPTY,
          );
        }
        if (result.status === 'fail' && waiverState.byRule.size > 0) {
          const waiver = findWaiver(
            waiverState,
            policy.id,
            accountId,
            resource,
          );
          if (waiver) {
            waiverState.uses.set(
              waiver,
              (waiverState.uses.get(waiver) ?? 0) + 1,
            );
            result = {
              ...result,
              waiver: {
                reason: waiver.waiver.reason,
                owner: waiver.waiver.owner,
                expires: waiver.waiver.expires,
              },
            };
            waived++;
          }
        }
      }
      policyResults.push(result);
    }

    const sourceCollections = kinds[policy.resource]?.sourceCollections ?? [];
    const placeholders = new Map<
      string,
      { clusterName?: string; gaps: Gap[] }
    >();
    for (const gap of facts.gaps) {
      if (!sourceCollections.includes(gap.collection)) continue;
      const scope = placeholderScope(gap);
      if (!scope) continue;
      const entry = placeholders.get(scope.id) ?? {
        clusterName: scope.clusterName,
        gaps: [],
      };
      entry.gaps.push(gap);
      placeholders.set(scope.id, entry);
    }
    if (placeholders.size > 0) {
      for (const [id, entry] of placeholders) {
        const where =
          id === '*'
            ? `${accountId}/${region}`
            : `${id} in ${accountId}/${region}`;
        policyResults.push(
          make(
            { id, clusterName: entry.clusterName },
            'unknown',
            policy.severity,
            `${policy.id} cannot tell whether every ${policy.resource} in ${where} was seen: ${entry.gaps.map(describeGap).join('; ')}.`,
            EMPTY,
          ),
        );
      }
      policyResults.sort(compareResults);
    }
    for (const result of policyResults) {
      if (result.status === 'pass') pass++;
      else if (result.status === 'fail') fail++;
      else if (result.status === 'skip') skip++;
      else unknown++;
      results.push(result);
    }
  }

  const used: WaiverUse[] = [...waiverState.uses]
    .map(([loaded, count]) => ({ ...loaded.waiver, results: count }))
    .sort(
      (a, b) =>
        compareStrings(a.rule, b.rule) ||
        compareStrings(a.resource, b.resource),
    );
  const expired = waiverState.expired.sort(
    (a, b) =>
      compareStrings(a.rule, b.rule) || compareStrings(a.resource, b.resource),
  );
  return {
    results,
    waivers: { used, expired },
    counts: { total: results.length, pass, fail, unknown, skip, waived },
  };
};

type MakeResult = (
  resource: FactsBase,
  status: Status,
  severity: Severity,
  message: string,
  evidence: Readonly<Record<string, unknown>>,
) => Result;

/** The when → unknownWhen → assert sequence for one resource (may throw). */
const evaluateOne = (
  policy: CompiledPolicy,
  resource: FactsBase,
  context: CelContext,
  make: MakeResult,
  skipMessage: string,
): Result => {
  if (policy.when) {
    const applies = policy.when(context);
    if (typeof applies !== 'boolean') {
      throw new TypeError(`when returned ${typeof applies}, expected bool`);
    }
    if (!applies) {
      return make(resource, 'skip', policy.severity, skipMessage, EMPTY);
    }
  }
  if (policy.unknownWhen && policy.unknownWhen(context) === true) {
    return make(
      resource,
      'unknown',
      policy.severity,
      (policy.unknownMessage as (c: CelContext) => string)(context),
      EMPTY,
    );
  }
  const verdict = policy.assert(context);
  if (typeof verdict !== 'boolean') {
    throw new TypeError(`assert returned ${typeof verdict}, expected bool`);
  }
  let evidence: Record<string, unknown> | Readonly<Record<string, unknown>> =
    EMPTY;
  if (policy.evidence.length > 0) {
    const collected: Record<string, unknown> = {};
    for (const [name, expression] of policy.evidence) {
      collected[name] = toJsonValue(expression(context));
    }
    evidence = collected;
  }
  if (verdict) {
    return make(
      resource,
      'pass',
      policy.severity,
      policy.passMessage(context),
      evidence,
    );
  }
  let severity = policy.severity;
  for (const override of policy.severityOverrides) {
    if (override.when(context) === true) {
      severity = override.severity;
      break;
    }
  }
  return make(
    resource,
    'fail',
    severity,
    policy.failMessage(context),
    evidence,
  );
};

export type { EvaluateOptions };
export { evaluate, gapApplies };
