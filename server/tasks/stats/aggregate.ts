import { addUtcDays, deriveDailyFacts, startOfUtcDay, updateCreatorStats } from '../../domain/index.ts'

/**
 * Daily, after UTC midnight: closes the day that just ended (milestones crossed, collaborations,
 * that day's rankings) and recomputes every creator's stats. Idempotent: a rerun changes nothing.
 */
export default defineTask({
  meta: { name: 'stats:aggregate', description: 'Close yesterday (UTC): milestones, collaborations, rankings; refresh creator stats' },
  async run() {
    const result = await runPipelineTask('stats:aggregate', async (db, options) => {
      const at = new Date()
      const yesterday = addUtcDays(startOfUtcDay(at), -1)
      const facts = await deriveDailyFacts(db, { day: yesterday, at }, options)
      const creatorsUpdated = await updateCreatorStats(db, { day: startOfUtcDay(at), at }, options)
      return { ...facts, creatorsUpdated }
    })
    return { result }
  },
})
