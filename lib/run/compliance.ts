/**
 * Compliance mappings for the OCSF and ASFF exports. A module of its own so
 * the report stage (and the `report` Lambda) can use it without importing
 * the scan pool and its AWS clients.
 *
 * @module
 */
import type { CompiledPolicy } from '../engine/types.js';
import type { ComplianceLookup } from '../findings/ocsf.js';

/**
 * Compliance mappings by rule id, from the loaded policies' `compliance`
 * fields.
 *
 * @example
 * const compliance = complianceOf((await loadPolicies(defaultPolicyDirs())).policies);
 */
const complianceOf = (
  policies: readonly CompiledPolicy[],
): ComplianceLookup => {
  const byId = new Map(
    policies.map((policy) => [policy.id, policy.document.compliance]),
  );
  return (ruleId) => byId.get(ruleId);
};

export { complianceOf };
