import type { MilestoneMetric } from '../../db/index.ts'

/** 1, 2, 5 × 10^n from `from` to `to`: the round numbers people celebrate. */
function roundNumbers(from: number, to: number): number[] {
  const values: number[] = []
  for (let power = from; power <= to; power *= 10) values.push(power, 2 * power, 5 * power)
  return values.filter(value => value >= from && value <= to)
}

export const MILESTONE_THRESHOLDS: Record<MilestoneMetric, number[]> = {
  subscribers: roundNumbers(1_000, 1_000_000_000),
  followers: roundNumbers(1_000, 1_000_000_000),
  views: roundNumbers(100_000, 1_000_000_000_000),
}

/** The highest threshold passed going from `before` to `after`, if any. */
export function highestThresholdCrossed(metric: MilestoneMetric, before: number, after: number): number | undefined {
  let crossed: number | undefined
  for (const threshold of MILESTONE_THRESHOLDS[metric]) {
    if (before < threshold && after >= threshold) crossed = threshold
  }
  return crossed
}

/** 1.5M, 20K, 2B. */
export function compactNumber(value: number): string {
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']]
  for (const [size, suffix] of units) {
    if (value >= size) return `${Number((value / size).toFixed(1))}${suffix}`
  }
  return String(value)
}
