/** Helix points spent through one connector: pass `record` as the connector's `onPointsSpent`. */
export interface TwitchPointsMeter {
  readonly total: number
  record: (points: number) => void
}

export function createTwitchPointsMeter(): TwitchPointsMeter {
  let total = 0
  return {
    get total() {
      return total
    },
    record: (points) => {
      total += points
    },
  }
}
