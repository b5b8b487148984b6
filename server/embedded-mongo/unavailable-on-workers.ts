/** What `#embedded-mongo` resolves to in a Workers build: there is no TCP server or disk to run it on. */
export async function startEmbeddedMongo(): Promise<never> {
  throw new Error('The embedded MongoDB server cannot run on Cloudflare Workers: set NUXT_MONGODB_URI (e.g. MongoDB Atlas).')
}

export async function readRunningServerUri(): Promise<undefined> {
  return undefined
}
