/**
 * Names and patterns the target planner validates against.
 *
 * @module
 */

/**
 * Region names known to exist (commercial, GovCloud, China, European
 * Sovereign Cloud), as of November 2026. An explicit `--regions` list must
 * use these; `--all-regions` asks each account instead, so a region launched
 * later is still scanned there.
 */
const KNOWN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eusc-de-east-1',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
];

/** Shape of an AWS region name. */
const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/** An AWS account id: exactly 12 digits. */
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** IAM role name (`RoleName` in the IAM API). */
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** `sts:AssumeRole` `ExternalId`. */
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
/** An organizational unit id, or the organization root id. */
const OU_ID_PATTERN = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

/** Role assumed in member accounts when `--role-name` is not given. */
const DEFAULT_ROLE_NAME = 'EksNetscanReadOnly';

export {
  ACCOUNT_ID_PATTERN,
  DEFAULT_ROLE_NAME,
  EXTERNAL_ID_PATTERN,
  KNOWN_REGIONS,
  OU_ID_PATTERN,
  REGION_PATTERN,
  ROLE_NAME_PATTERN,
};
