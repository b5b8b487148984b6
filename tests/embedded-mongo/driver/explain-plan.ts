import type { Document } from 'mongodb'

function nodesWhere(value: unknown, keep: (node: Document) => boolean, found: Document[] = []): Document[] {
  if (Array.isArray(value)) {
    for (const element of value) nodesWhere(element, keep, found)
  }
  else if (typeof value === 'object' && value !== null) {
    if (keep(value as Document)) found.push(value as Document)
    for (const child of Object.values(value)) nodesWhere(child, keep, found)
  }
  return found
}

/**
 * The index scans of the winning plan, wherever the server nests it (classic or SBE explain output
 * on mongod, the embedded server's simpler tree): rejected plans are not looked at.
 */
export function winningIndexScans(explain: Document): Document[] {
  const winningPlans = nodesWhere(explain, node => 'winningPlan' in node).map(node => node.winningPlan)
  return winningPlans.flatMap(plan => nodesWhere(plan, node => node.stage === 'IXSCAN'))
}

export function usedIndexNames(explain: Document): string[] {
  return winningIndexScans(explain).map(scan => scan.indexName as string)
}
