/**
 * The handlers' shared Powertools logger. Every line carries `scanId`,
 * `accountId` and `region`: placeholders until the event names them, so log
 * queries can always filter on the three keys.
 *
 * @module
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** What every log line is tagged with. */
interface ScanLogKeys {
  readonly scanId?: string;
  readonly accountId?: string;
  readonly region?: string;
}

const UNKNOWN = '-';

let functionAccount: string | undefined;

/**
 * Records the account the function runs in (from its ARN), the account of
 * log lines that name no target (plan, report).
 */
const setFunctionAccount = (invokedFunctionArn: string | undefined): void => {
  functionAccount = invokedFunctionArn?.split(':')[4] || undefined;
};

/** The one logger of a handler process, built at module scope. */
const logger = new Logger({ serviceName: 'eks-netscan' });

/**
 * Tags the following log lines of this invocation; missing keys fall back to
 * the function's own account and region (or `-`).
 *
 * @example
 * tagLogs({ scanId, accountId: target.accountId, region: target.region });
 */
const tagLogs = (keys: ScanLogKeys): void => {
  logger.appendKeys({
    scanId: keys.scanId ?? UNKNOWN,
    accountId: keys.accountId ?? functionAccount ?? UNKNOWN,
    region: keys.region ?? process.env.AWS_REGION ?? UNKNOWN,
  });
};

export type { ScanLogKeys };
export { logger, setFunctionAccount, tagLogs };
