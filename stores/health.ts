import { defineStore } from 'pinia'

export interface HealthStatus {
  status: string
  engine: 'embedded' | 'external'
  database: string
  counts: Record<string, number>
  lastPipelineRun: { kind: string, day: string, finishedAt: string } | null
}

/** The home page's placeholder data until the read API lands: what /api/health reports. */
export const useHealthStore = defineStore('health', () => {
  const status = ref<HealthStatus | null>(null)
  const error = ref<string | null>(null)
  const requestFetch = useRequestFetch()

  async function load() {
    try {
      status.value = await requestFetch<HealthStatus>('/api/health')
      error.value = null
    }
    catch (failure) {
      error.value = `The database is not reachable yet: ${(failure as Error).message}`
    }
  }

  return { status, error, load }
})
