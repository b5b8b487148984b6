import { runTwitchSync } from '../../sync/twitch/index.ts'

/** Every 30 minutes: each tracked Twitch channel's profile and followers (today's snapshot). */
export default defineTask({
  meta: { name: 'twitch:sync', description: 'Twitch profiles and follower counts of tracked creators' },
  run: () => runTwitchTask('twitch:sync', runTwitchSync),
})
