import { aggregateStatsWork } from '../../sync/pipeline-task-bodies.ts'

/**
 * Daily, after UTC midnight: closes the day that just ended (milestones crossed, collaborations,
 * that day's rankings) and recomputes every creator's stats. Idempotent: a rerun changes nothing.
 */
export default defineTask({
  meta: { name: 'stats:aggregate', description: 'Close yesterday (UTC): milestones, collaborations, rankings; refresh creator stats' },
  async run() {
    return { result: await runPipelineTask('stats:aggregate', aggregateStatsWork) }
  },
})
