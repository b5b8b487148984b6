/** A clock the test moves by hand, for code that takes `now: () => Date`. */
export function manualClock(start: string): { now: () => Date, set(at: string): void, advance(ms: number): void } {
  let time = new Date(start).getTime()
  return {
    now: () => new Date(time),
    set(at) {
      time = new Date(at).getTime()
    },
    advance(ms) {
      time += ms
    },
  }
}
