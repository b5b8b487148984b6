import { describe, it } from 'vitest'
import { setupBuiltApp, waitForDemoWorld } from '../e2e/built-app.ts'
import { describeActivitySearchAndErrors } from './site/activity-and-search.ts'
import { describeCreatorPage } from './site/creator-page.ts'
import { describeHomePage } from './site/home-page.ts'
import { describeTrendingAndTopPages } from './site/trending-page.ts'

/**
 * Every page in Chromium against one built server and demo world: each build with its demo world
 * costs ~45 s, so the pages share one (CI stays within its 10 minutes).
 */
describe('the website in Chromium', async () => {
  const dataDir = await setupBuiltApp()

  it('waits for the demo world', waitForDemoWorld, 160_000)

  describeHomePage()
  describeTrendingAndTopPages()
  describeCreatorPage(dataDir)
  describeActivitySearchAndErrors()
})
