import { checkYoutubeUploads } from '../../sync/youtube/index.ts'

/** Every 15 minutes: new uploads through the free Atom feeds; only the new videos cost units. */
export default defineTask({
  meta: { name: 'youtube:uploads', description: 'New YouTube uploads of tracked creators (free feed)' },
  run: () => runYoutubeTask('youtube:uploads', checkYoutubeUploads),
})
