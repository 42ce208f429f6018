/**
 * Contracts of the result stores.
 *
 * @module
 */
import type { ResultCounts, Waiver, WaiverUse } from '../engine/types.js';
import type { GapRef } from '../report/types.js';

/**
 * The bytes of one streamed write, as a function returning a fresh iteration
 * of them: a store that writes to several places (or starts over) iterates
 * again instead of holding the whole body.
 */
type ChunkSource = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Bytes by key, the way S3 stores them. Keys use `/` separators and come from
 * `lib/store/keys.ts`.
 */
interface ResultStore {
  /** Writes `body` under `key`, replacing what was there, atomically. */
  put(key: string, body: Uint8Array): Promise<void>;
  /**
   * Writes the concatenation of `source`'s chunks under `key`, as
   * {@link ResultStore.put} would, without holding the whole body. Optional:
   * `putChunks` of `lib/store/chunks.ts` falls back to one `put`.
   */
  putChunks?(key: string, source: ChunkSource): Promise<void>;
  /** Reads `key`, or `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every key starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** Content of a target's `status.json`. */
interface TargetStatus {
  readonly status: 'ok' | 'error';
  /** Why the target failed; only with `status: 'error'`. */
  readonly reason?: string;
  /** AWS error code behind `reason`, when there is one. */
  readonly errorCode?: string;
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  /**
   * Every HTTP request the target's EKS and EC2 clients sent, retries
   * included. The account's one `sts:AssumeRole` is a hub call, not counted
   * here.
   */
  readonly apiCalls: number;
  readonly callsByAction: Record<string, number>;
  /** Number of gaps (collections that could not be read). */
  readonly gaps: number;
  /**
   * The gaps themselves, for the summary's coverage by IAM action. Written by
   * `lib/run`; absent in statuses of older scans.
   */
  readonly gapDetails?: readonly GapRef[];
  /** Result counts of the target; absent when it was not evaluated. */
  readonly results?: ResultCounts;
  /** Waivers the target's evaluation used or found expired. */
  readonly waivers?: {
    readonly used: readonly WaiverUse[];
    readonly expired: readonly Waiver[];
  };
  readonly clusters: number;
  readonly enis: number;
  readonly durationMs: number;
  /** ISO-8601. */
  readonly startedAt: string;
  /** ISO-8601. */
  readonly finishedAt: string;
}

export type { ChunkSource, ResultStore, TargetStatus };
