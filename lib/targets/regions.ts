/**
 * Region discovery for one account.
 *
 * @module
 */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';

/**
 * Regions enabled for the account the client's credentials belong to
 * (`ec2:DescribeRegions` without `AllRegions`), sorted by name.
 *
 * @example
 * const regions = await listEnabledRegions(ec2);
 */
const listEnabledRegions = async (client: EC2Client): Promise<string[]> => {
  const out = await client.send(new DescribeRegionsCommand({}));
  return (out.Regions ?? [])
    .filter((region) => region.OptInStatus !== 'not-opted-in')
    .flatMap((region) => (region.RegionName ? [region.RegionName] : []))
    .sort();
};

export { listEnabledRegions };
