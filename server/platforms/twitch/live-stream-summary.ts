/** One look at a live stream's viewer count. */
export interface ViewerSample {
  at: Date
  viewers: number
}

export interface LiveStreamSummary {
  peakViewers: number
  /** Hours watched ÷ hours live, rounded; the only sample's count when there is one. */
  averageViewers: number
  /** Σ viewers × time to the next sample (to `endedAt` for the last one, when known). */
  hoursWatched: number
  hoursLive: number
}

const MS_PER_HOUR = 3_600_000

/**
 * Sums up a stream from its viewer samples, the way stream trackers do (hours watched = Σ viewers
 * × Δt; average = hours watched ÷ hours live). A sample's count holds until the next sample: the
 * time before the first sample is unknown, so it counts neither as watched nor as live.
 */
export function summarizeLiveStream(samples: readonly ViewerSample[], endedAt?: Date): LiveStreamSummary | null {
  if (samples.length === 0) return null
  const ordered = [...samples].sort((a, b) => a.at.getTime() - b.at.getTime())
  const last = ordered.at(-1)!
  const end = Math.max(endedAt?.getTime() ?? last.at.getTime(), last.at.getTime())
  let viewerMs = 0
  ordered.forEach((sample, index) => {
    const until = ordered[index + 1]?.at.getTime() ?? end
    viewerMs += sample.viewers * (until - sample.at.getTime())
  })
  const liveMs = end - ordered[0]!.at.getTime()
  return {
    peakViewers: Math.max(...ordered.map(sample => sample.viewers)),
    averageViewers: liveMs === 0 ? ordered[0]!.viewers : Math.round(viewerMs / liveMs),
    hoursWatched: viewerMs / MS_PER_HOUR,
    hoursLive: liveMs / MS_PER_HOUR,
  }
}
