import { computeTrendingWork } from '../../sync/pipeline-task-bodies.ts'

/** Every 6 hours: today's trending rankings (per category and period) from the latest snapshots. */
export default defineTask({
  meta: { name: 'trending:compute', description: 'Recompute today\'s trending rankings' },
  async run() {
    return { result: await runPipelineTask('trending:compute', computeTrendingWork) }
  },
})
