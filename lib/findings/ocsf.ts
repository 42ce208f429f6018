/**
 * Maps results to OCSF Compliance Findings (class 2003) and to the AWS
 * Security Finding Format (ASFF) for Security Hub's BatchImportFindings.
 *
 * @module
 */
import type { Result, Severity, Status } from '../engine/types.js';

/** Product metadata written into every exported finding. */
const PRODUCT = { name: 'eks-netscan', vendor: 'eks-netscan' } as const;

/** OCSF schema version the mapping follows. */
const OCSF_VERSION = '1.3.0';

const OCSF_SEVERITY: Readonly<Record<Severity, readonly [number, string]>> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

const OCSF_COMPLIANCE: Readonly<Record<Status, readonly [number, string]>> = {
  pass: [1, 'Pass'],
  fail: [3, 'Fail'],
  unknown: [0, 'Unknown'],
  skip: [99, 'Not applicable'],
};

/** Compliance mappings of a rule (framework → control ids), e.g. from its policy. */
type ComplianceLookup = (
  ruleId: string,
) => Readonly<Record<string, readonly string[]>> | undefined;

/** Options shared by the exporters. */
interface ExportOptions {
  /** Time of the scan; findings carry it as their time. */
  readonly now: Date;
  /** eks-netscan version. */
  readonly productVersion: string;
  readonly compliance?: ComplianceLookup;
}

const partitionOf = (region: string): string =>
  region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';

/**
 * One OCSF Compliance Finding (class_uid 2003) for one result. Waived
 * failures are `Suppressed`; `unknown` results keep compliance status
 * Unknown (0), never Pass.
 */
const toOcsf = (result: Result, options: ExportOptions): object => {
  const [severityId, severity] = OCSF_SEVERITY[result.severity];
  const [complianceId, complianceStatus] = OCSF_COMPLIANCE[result.status];
  const frameworks = options.compliance?.(result.ruleId) ?? {};
  const suppressed = result.waiver !== undefined;
  return {
    class_uid: 2003,
    class_name: 'Compliance Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200301,
    type_name: 'Compliance Finding: Create',
    severity_id: severityId,
    severity,
    status_id: suppressed ? 3 : 1,
    status: suppressed ? 'Suppressed' : 'New',
    time: options.now.getTime(),
    message: result.message,
    metadata: {
      version: OCSF_VERSION,
      uid: result.id,
      product: {
        name: PRODUCT.name,
        vendor_name: PRODUCT.vendor,
        version: options.productVersion,
      },
    },
    finding_info: {
      uid: result.id,
      title: result.title,
      desc: result.message,
      types: [result.resourceType],
    },
    compliance: {
      control: result.ruleId,
      standards: ['eks-netscan', ...Object.keys(frameworks)],
      requirements: Object.entries(frameworks).flatMap(([framework, ids]) =>
        ids.map((id) => `${framework}:${id}`),
      ),
      status_id: complianceId,
      status: complianceStatus,
    },
    cloud: {
      provider: 'AWS',
      region: result.region,
      account: { uid: result.accountId, type: 'AWS Account', type_id: 10 },
    },
    resources: [
      {
        uid: result.resourceArn ?? result.resourceId,
        name: result.resourceId,
        type: result.resourceType,
        region: result.region,
        cloud_partition: partitionOf(result.region),
        ...(result.clusterName
          ? { labels: [`cluster:${result.clusterName}`] }
          : {}),
      },
    ],
    remediation: {
      desc: result.remediation.text,
      references: [...result.references],
    },
    unmapped: {
      evidence: result.evidence,
      scan_id: result.scanId,
      ...(result.waiver ? { waiver: result.waiver } : {}),
    },
  };
};

const ASFF_SEVERITY: Readonly<Record<Severity, string>> = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

const ASFF_COMPLIANCE: Readonly<Record<Status, string>> = {
  pass: 'PASSED',
  fail: 'FAILED',
  unknown: 'NOT_AVAILABLE',
  skip: 'NOT_AVAILABLE',
};

const ASFF_RESOURCE_TYPE: Readonly<Record<string, string>> = {
  cluster: 'AwsEksCluster',
  subnet: 'AwsEc2Subnet',
  securityGroup: 'AwsEc2SecurityGroup',
  networkInterface: 'AwsEc2NetworkInterface',
  vpc: 'AwsEc2Vpc',
  node: 'AwsEc2Instance',
  vpcEndpoint: 'AwsEc2VpcEndpointService',
};

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * One ASFF finding for Security Hub's `BatchImportFindings`, imported into
 * the scanned account with the account's default product ARN.
 */
const toAsff = (result: Result, options: ExportOptions): object => {
  const partition = partitionOf(result.region);
  const time = options.now.toISOString();
  const frameworks = options.compliance?.(result.ruleId) ?? {};
  const reference = result.references[0];
  return {
    SchemaVersion: '2018-10-08',
    Id: `eks-netscan/${result.accountId}/${result.region}/${result.id}`,
    ProductArn: `arn:${partition}:securityhub:${result.region}:${result.accountId}:product/${result.accountId}/default`,
    GeneratorId: `eks-netscan/${result.ruleId}`,
    AwsAccountId: result.accountId,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: time,
    UpdatedAt: time,
    Severity: { Label: ASFF_SEVERITY[result.severity] },
    Title: clip(`${result.ruleId} ${result.title}`, 256),
    Description: clip(result.message, 1024),
    Remediation: {
      Recommendation: {
        Text: clip(result.remediation.text, 512),
        ...(reference ? { Url: reference } : {}),
      },
    },
    ProductFields: {
      'eks-netscan/RuleId': result.ruleId,
      'eks-netscan/ScanId': result.scanId,
      ...(result.clusterName
        ? { 'eks-netscan/ClusterName': result.clusterName }
        : {}),
    },
    Resources: [
      {
        Type: ASFF_RESOURCE_TYPE[result.resourceType] ?? 'Other',
        Id: result.resourceArn ?? result.resourceId,
        Partition: partition,
        Region: result.region,
      },
    ],
    Compliance: {
      Status: ASFF_COMPLIANCE[result.status],
      RelatedRequirements: Object.entries(frameworks)
        .flatMap(([framework, ids]) => ids.map((id) => `${framework} ${id}`))
        .slice(0, 32),
    },
    Workflow: { Status: result.waiver ? 'SUPPRESSED' : 'NEW' },
    RecordState: 'ACTIVE',
  };
};

export type { ComplianceLookup, ExportOptions };
export { OCSF_VERSION, toAsff, toOcsf };
