import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createYoutubeConnector, type YoutubeApiEndpoint, type YoutubeConnectorOptions } from '../../../../server/platforms/youtube/index.ts'
import { startFakeYoutubeServer, type FakeYoutubeServer } from './fake-youtube-server.ts'

export const TEST_KEY = 'test-key-Abc123'

/**
 * One fake YouTube per test file (started before, stopped after), emptied before each test, and
 * connectors wired to it with fast retries and a record of the units they report.
 */
export function useFakeYoutube() {
  let server: FakeYoutubeServer | undefined
  const unitsReported: Array<{ units: number, endpoint: YoutubeApiEndpoint }> = []
  beforeAll(async () => {
    server = await startFakeYoutubeServer({ apiKey: TEST_KEY })
  })
  afterAll(async () => {
    await server?.close()
  })
  beforeEach(() => {
    server?.reset()
    unitsReported.length = 0
  })
  const fake = () => {
    if (!server) throw new Error('The fake YouTube server is not started')
    return server
  }
  return {
    fake,
    unitsReported,
    connector: (overrides: Partial<YoutubeConnectorOptions> = {}) => createYoutubeConnector({
      apiBase: fake().apiBase,
      feedBase: fake().feedBase,
      apiKey: TEST_KEY,
      retryBaseMs: 1,
      onUnitsSpent: (units, endpoint) => unitsReported.push({ units, endpoint }),
      ...overrides,
    }),
  }
}
