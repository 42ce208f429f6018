/**
 * The rule catalog of the domain reference (§2.0a): every rule id with its
 * base severity. A policy file's `severity` must equal its catalog entry;
 * conditional severities of the catalog ("Critical if …; Medium if …") are
 * written as `severityOverrides`, with the first-listed severity as base.
 *
 * @module
 */
import type { Severity } from './types.js';

/** Catalog id → base severity (domain reference §2.0a, 69 rules, and the services companion §9.0, 14 rules). */
const CATALOG: Readonly<Record<string, Severity>> = {
  'NET-EP-001': 'high',
  'NET-EP-002': 'medium',
  'NET-EP-003': 'critical',
  'NET-EP-004': 'critical',
  'NET-EP-005': 'high',
  'NET-EP-006': 'low',
  'NET-SG-001': 'high',
  'NET-SG-002': 'medium',
  'NET-SG-003': 'high',
  'NET-SG-004': 'high',
  'NET-SG-005': 'high',
  'NET-SG-006': 'high',
  'NET-SG-007': 'critical',
  'NET-SG-008': 'medium',
  'NET-SG-009': 'medium',
  'NET-SG-010': 'medium',
  'NET-SUB-001': 'critical',
  'NET-SUB-002': 'high',
  'NET-SUB-003': 'high',
  'NET-SUB-004': 'critical',
  'NET-SUB-005': 'high',
  'NET-SUB-006': 'medium',
  'NET-SUB-007': 'medium',
  'NET-SUB-008': 'low',
  'NET-SUB-009': 'medium',
  'NET-SUB-010': 'high',
  'NET-SUB-011': 'high',
  'NET-EGR-001': 'critical',
  'NET-EGR-002': 'critical',
  'NET-EGR-003': 'high',
  'NET-EGR-004': 'critical',
  'NET-EGR-005': 'low',
  'NET-EGR-006': 'critical',
  'NET-CNI-001': 'low',
  'NET-CNI-002': 'medium',
  'NET-CNI-003': 'high',
  'NET-CNI-004': 'low',
  'NET-CNI-005': 'low',
  'NET-CNI-006': 'medium',
  'NET-CNI-007': 'medium',
  'NET-CNI-008': 'medium',
  'NET-CNI-009': 'low',
  'NET-CNI-010': 'low',
  'NET-CNI-011': 'medium',
  'NET-CNI-012': 'medium',
  'NET-CNI-013': 'info',
  'NET-SGP-001': 'high',
  'NET-SGP-002': 'medium',
  'NET-SGP-003': 'medium',
  'NET-SGP-004': 'low',
  'NET-SGP-005': 'medium',
  'NET-V6-001': 'critical',
  'NET-V6-002': 'critical',
  'NET-V6-003': 'high',
  'NET-V6-004': 'high',
  'NET-V6-005': 'medium',
  'NET-V6-006': 'low',
  'NET-LB-001': 'low',
  'NET-LB-002': 'medium',
  'NET-LB-003': 'medium',
  'NET-LB-004': 'low',
  // Services companion reference §9.0 (load balancers, SNAT, Multus).
  'NET-LB-005': 'info',
  'NET-LB-006': 'low',
  'NET-LB-007': 'medium',
  'NET-LB-008': 'low',
  'NET-LB-009': 'high',
  'NET-LB-010': 'medium',
  'NET-LB-011': 'info',
  'NET-LB-012': 'high',
  'NET-LB-013': 'medium',
  'NET-EGR-007': 'high',
  'NET-EGR-008': 'info',
  'NET-CNI-014': 'medium',
  'NET-CNI-015': 'medium',
  'NET-CNI-016': 'medium',
  'NET-CIDR-001': 'high',
  'NET-CIDR-002': 'medium',
  'NET-CIDR-003': 'medium',
  'NET-CIDR-004': 'info',
  'NET-OBS-001': 'medium',
  'NET-OBS-002': 'medium',
  'NET-VER-001': 'medium',
  'NET-HLTH-001': 'high',
};

/** All catalog ids, sorted. */
const CATALOG_IDS: readonly string[] = Object.keys(CATALOG).sort();

/**
 * Catalog ids with no policy among `policyIds`; empty once the whole catalog
 * ships.
 *
 * @example
 * missingCatalogIds(policies.map((policy) => policy.id)); // ['NET-CNI-001', …]
 */
const missingCatalogIds = (policyIds: Iterable<string>): string[] => {
  const present = new Set(policyIds);
  return CATALOG_IDS.filter((id) => !present.has(id));
};

export { CATALOG, CATALOG_IDS, missingCatalogIds };
