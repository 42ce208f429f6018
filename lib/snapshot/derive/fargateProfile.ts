/**
 * Fargate profile facts (NET-SUB-011, NET-HLTH-001).
 *
 * @module
 */
import type { FargateProfileFacts } from '../facts.js';
import { sortedUnique } from './common.js';
import type { DeriveContext } from './context.js';
import { subnetRouting } from './network.js';

/**
 * Facts of every Fargate profile of every cluster. Id `<cluster>/<name>`.
 *
 * @param ctx - derive context
 * @returns facts, unsorted
 * @example
 * ```ts
 * fargateProfileFacts(ctx).filter((p) => p.publicSubnetIds.length > 0);
 * ```
 */
const fargateProfileFacts = (ctx: DeriveContext): FargateProfileFacts[] =>
  ctx.clusters.flatMap((cluster) => {
    const vpcId = ctx.clusterVpcId.get(cluster.name);
    return (cluster.fargateProfiles ?? []).map((profile) => ({
      kind: 'fargateProfile',
      id: `${cluster.name}/${profile.fargateProfileName}`,
      name: profile.fargateProfileName,
      ...(profile.fargateProfileArn !== undefined && {
        arn: profile.fargateProfileArn,
      }),
      clusterName: cluster.name,
      ...(vpcId !== undefined && { vpcId }),
      status: profile.status ?? '',
      subnetIds: sortedUnique(profile.subnets),
      publicSubnetIds: sortedUnique(
        profile.subnets.filter(
          (subnetId) => subnetRouting(ctx, subnetId, vpcId).isPublic,
        ),
      ),
      healthIssueCodes: sortedUnique(
        profile.health.issues.map((issue) => issue.code),
      ),
    }));
  });

export { fargateProfileFacts };
