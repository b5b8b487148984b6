import { computeTrendingRanking, startOfUtcDay } from '../../domain/index.ts'

/** Every 6 hours: today's trending rankings (per category and period) from the latest snapshots. */
export default defineTask({
  meta: { name: 'trending:compute', description: 'Recompute today\'s trending rankings' },
  async run() {
    const result = await runPipelineTask('trending:compute', async (db, options) => {
      const at = new Date()
      return { rankings: await computeTrendingRanking(db, { day: startOfUtcDay(at), at }, options) }
    })
    return { result }
  },
})
