import { REQUEST_TIMEOUT_MS } from '../../retry-policy.ts'

/** The hub refused a (un)subscription request, or did not answer. */
export class WebSubHubError extends Error {
  /** The hub's HTTP status; null when no answer came (network error, timeout). */
  readonly status: number | null

  // No parameter property: the CLIs run this file with Node's type stripping, which rejects them.
  constructor(status: number | null, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'WebSubHubError'
    this.status = status
  }
}

export interface HubRequestOptions {
  /** Injectable for tests; the global fetch by default. */
  fetch?: typeof fetch
  timeoutMs?: number
}

/**
 * POSTs a `subscriptionRequest` form to the hub. 202 (verification to follow) and 204 (verified
 * already) are success; anything else throws. No retries here: the hourly task tries again, and
 * a renewal starts a day before its lease runs out.
 */
export async function sendHubRequest(request: { url: string, body: URLSearchParams }, options: HubRequestOptions = {}): Promise<void> {
  const send = options.fetch ?? fetch
  let response: Response
  try {
    response = await send(request.url, { method: 'POST', body: request.body, signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS) })
  }
  catch (error) {
    throw new WebSubHubError(null, `The WebSub hub ${request.url} did not answer: ${(error as Error).message}`, { cause: error })
  }
  if (response.ok) {
    await response.body?.cancel()
    return
  }
  // The hub explains a refusal in a line of text (Google's: "Invalid value for hub.callback" and the like).
  const explanation = (await response.text().catch(() => '')).trim().slice(0, 200)
  throw new WebSubHubError(response.status, `The WebSub hub ${request.url} answered ${response.status}${explanation ? `: ${explanation}` : ''}`)
}
