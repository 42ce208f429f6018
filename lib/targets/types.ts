/**
 * Types of target planning.
 *
 * @module
 */
import type { CollectionError } from '../errors.js';
import type { Target } from '../snapshot/types.js';

/** Which accounts to scan. */
type AccountSelection =
  /** Every ACTIVE account of the organization, optionally below some OUs. */
  | {
      readonly source: 'organization';
      /** Keep only accounts below these OUs (recursive); all when empty. */
      readonly includeOus?: readonly string[];
      /** Drop accounts below these OUs (recursive). */
      readonly excludeOus?: readonly string[];
    }
  /** Exactly these accounts. */
  | { readonly source: 'list'; readonly accountIds: readonly string[] }
  /** The caller's own account. */
  | { readonly source: 'caller' };

/** Which regions to scan in each account. */
type RegionSelection =
  | { readonly source: 'list'; readonly regions: readonly string[] }
  /** Every region enabled for the account (`ec2:DescribeRegions`). */
  | { readonly source: 'enabled' };

/** Everything {@link planTargets} needs to know. */
interface TargetSelection {
  readonly accounts: AccountSelection;
  /** Accounts dropped from whatever `accounts` selected. */
  readonly excludeAccounts?: readonly string[];
  readonly regions: RegionSelection;
  /** Role assumed in every account except the caller's own. */
  readonly roleName: string;
}

/** A target that could not even be planned (e.g. AssumeRole denied). */
interface PlanFailure {
  /** The account, with the hub region standing in for its regions. */
  readonly target: Target;
  readonly error: CollectionError;
}

/** Result of {@link planTargets}. */
interface TargetPlan {
  /** Sorted by account id, then region. */
  readonly targets: Target[];
  /** Accounts whose regions could not be listed. */
  readonly failures: PlanFailure[];
  /** The account the caller's credentials belong to. */
  readonly callerAccountId: string;
}

export type {
  AccountSelection,
  PlanFailure,
  RegionSelection,
  TargetPlan,
  TargetSelection,
};
