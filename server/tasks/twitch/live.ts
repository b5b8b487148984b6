import { runTwitchLive } from '../../sync/twitch/index.ts'

/**
 * Every 5 minutes: who is live. A broadcast seen ending becomes a `stream` event with its duration,
 * peak and average viewers; its archive video is merged in later. EventSub, when set up, is faster.
 */
export default defineTask({
  meta: { name: 'twitch:live', description: 'Live Twitch streams of tracked creators; finished broadcasts become stream events' },
  run: () => runTwitchTask('twitch:live', runTwitchLive),
})
