/**
 * Types of the rules engine: policy documents as written in YAML, compiled
 * policies, results and the evaluation output.
 *
 * @module
 */
import type { KindSpec, ResourceKind } from '../snapshot/facts.js';
import type { CollectionName } from '../snapshot/types.js';

/** Severity scale of the catalog (domain reference §2.0). */
type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Outcome of one policy on one resource. */
type Status = 'pass' | 'fail' | 'unknown' | 'skip';

/** A tunable policy parameter. */
interface PolicyParam {
  /** Default value; its JSON type fixes the parameter's CEL type. */
  readonly default: unknown;
  readonly description: string;
}

/** A policy file (`policy.yaml`) after schema validation. */
interface PolicyDocument {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly severityOverrides?: readonly {
    readonly when: string;
    readonly severity: Severity;
  }[];
  readonly resource: ResourceKind;
  readonly requires: readonly CollectionName[];
  readonly when?: string;
  readonly unknownWhen?: string;
  readonly unknownMessage?: string;
  readonly assert: string;
  readonly message: { readonly pass: string; readonly fail: string };
  readonly evidence?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, PolicyParam>>;
  readonly rationale: string;
  readonly remediation: { readonly text: string; readonly cli?: string };
  readonly references: readonly string[];
  readonly compliance: Readonly<Record<string, readonly string[]>>;
}

/** Variables a compiled expression reads. */
interface CelContext {
  resource: unknown;
  params: Readonly<Record<string, unknown>>;
  target: {
    readonly accountId: string;
    readonly region: string;
    readonly accountName: string;
  };
  now: Date;
}

/** A compiled CEL expression. */
type CompiledExpression = (context: CelContext) => unknown;

/** A compiled message template: renders to a string. */
type CompiledTemplate = (context: CelContext) => string;

/** A policy whose expressions and templates were compiled at load time. */
interface CompiledPolicy {
  readonly document: PolicyDocument;
  /** Absolute path of the policy file. */
  readonly file: string;
  readonly id: string;
  readonly severity: Severity;
  readonly resource: ResourceKind;
  readonly requires: ReadonlySet<CollectionName>;
  readonly when?: CompiledExpression;
  readonly unknownWhen?: CompiledExpression;
  readonly unknownMessage?: CompiledTemplate;
  readonly assert: CompiledExpression;
  readonly severityOverrides: readonly {
    readonly when: CompiledExpression;
    readonly severity: Severity;
  }[];
  readonly passMessage: CompiledTemplate;
  readonly failMessage: CompiledTemplate;
  readonly evidence: readonly (readonly [string, CompiledExpression])[];
  /** Parameter defaults from the policy file. */
  readonly paramDefaults: Readonly<Record<string, unknown>>;
}

/** A waiver as written in the waivers file. */
interface Waiver {
  readonly rule: string;
  /** Exact resource id or ARN, or a picomatch glob over either. */
  readonly resource: string;
  readonly accounts?: readonly string[];
  readonly reason: string;
  readonly owner: string;
  /** Last day the waiver applies (`YYYY-MM-DD`, UTC, inclusive). */
  readonly expires: string;
}

/** The waiver fields a waived result carries. */
interface WaiverRef {
  readonly reason: string;
  readonly owner: string;
  readonly expires: string;
}

/** A loaded waiver with its compiled matcher. */
interface LoadedWaiver {
  readonly waiver: Waiver;
  readonly file: string;
  readonly line?: number;
  /** First instant (ms since epoch) at which the waiver no longer applies. */
  readonly expiresAt: number;
  readonly matches: (resourceId: string, resourceArn?: string) => boolean;
}

/** Waivers read from a file: the ones that can apply and the expired ones. */
interface WaiverSet {
  readonly active: readonly LoadedWaiver[];
  readonly expired: readonly LoadedWaiver[];
}

/** Parameter overrides: policy id → parameter → value. */
type ParamValues = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A params file: defaults, then per OU, then per account (highest wins). */
interface ParamsFile {
  readonly defaults?: ParamValues;
  readonly accounts?: Readonly<Record<string, ParamValues>>;
  readonly ous?: Readonly<Record<string, ParamValues>>;
}

/** One policy on one resource (ARCHITECTURE §3). */
interface Result {
  readonly id: string;
  readonly scanId: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly accountId: string;
  readonly region: string;
  readonly clusterName?: string;
  readonly resourceType: ResourceKind;
  readonly resourceId: string;
  readonly resourceArn?: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly remediation: { readonly text: string; readonly cli?: string };
  readonly references: readonly string[];
  readonly waiver?: WaiverRef;
}

/** A waiver in the evaluation summary. */
interface WaiverUse extends Waiver {
  /** Failing results the waiver was attached to. */
  readonly results: number;
}

/** Counts of results by status, plus waived failures. */
interface ResultCounts {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly skip: number;
  /** Failing results that carry a waiver (included in `fail`). */
  readonly waived: number;
}

/** What `evaluate()` returns. */
interface EvaluationOutput {
  readonly results: Result[];
  readonly waivers: { readonly used: WaiverUse[]; readonly expired: Waiver[] };
  readonly counts: ResultCounts;
}

/** Resource kinds the engine knows, with their CEL schemas. */
type KindRegistry = Readonly<Record<ResourceKind, KindSpec>>;

export type {
  CelContext,
  CompiledExpression,
  CompiledPolicy,
  CompiledTemplate,
  EvaluationOutput,
  KindRegistry,
  LoadedWaiver,
  ParamsFile,
  ParamValues,
  PolicyDocument,
  PolicyParam,
  Result,
  ResultCounts,
  Severity,
  Status,
  Waiver,
  WaiverRef,
  WaiverSet,
  WaiverUse,
};
