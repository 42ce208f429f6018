/**
 * The fast fake AWS transport: a generated organization served from memory
 * through a custom SDK `requestHandler`.
 */
export type {
  BucketConfig,
  FakeAws,
  FakeAwsOptions,
  FakeAwsStats,
  FakeHandler,
} from './fakeAws.js';
export { createFakeAws, HUB_ACCOUNT, memberIds } from './fakeAws.js';
export type { TargetModel, TargetShape } from './model.js';
export { buildTargetModel, DEFAULT_SHAPE } from './model.js';
