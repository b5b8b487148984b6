/** workerd identifies itself this way; there a socket cannot outlive the request that opened it. */
export function isRunningOnWorkers(): boolean {
  return typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers'
}
