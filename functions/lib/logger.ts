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

/** The one logger of a handler process, built at module scope. */
const logger = new Logger({ serviceName: 'eks-netscan' });

/**
 * Tags the following log lines of this invocation; missing keys fall back to
 * `-` (or the function's own region).
 *
 * @example
 * tagLogs({ scanId, accountId: target.accountId, region: target.region });
 */
const tagLogs = (keys: ScanLogKeys): void => {
  logger.appendKeys({
    scanId: keys.scanId ?? UNKNOWN,
    accountId: keys.accountId ?? UNKNOWN,
    region: keys.region ?? process.env.AWS_REGION ?? UNKNOWN,
  });
};

export type { ScanLogKeys };
export { logger, tagLogs };
