import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One (un)subscription request the hub received: its form fields (hub.mode, hub.topic, hub.callback…). */
export interface HubRequest {
  path: string
  contentType: string | undefined
  form: Record<string, string>
}

export interface FakeWebSubHub {
  /** Where to send subscriptions (NUXT_WEBSUB_HUB_URL). */
  url: string
  requests: HubRequest[]
  /** Answers served once each, in order, before the default 202 Accepted. */
  answerNext(...answers: Array<{ status: number, body?: string }>): void
  reset(): void
  close(): Promise<void>
}

function formOf(request: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))))
    request.on('error', reject)
  })
}

/**
 * A stand-in for Google's WebSub hub on 127.0.0.1: records each form POSTed to /subscribe and
 * answers 202 Accepted, as the real hub does for an asynchronous verification (which a test then
 * performs itself, with the GET the hub would send to the callback).
 */
export async function startFakeWebSubHub(): Promise<FakeWebSubHub> {
  const requests: HubRequest[] = []
  const answers: Array<{ status: number, body?: string }> = []
  const server = createServer((incoming, outgoing) => {
    formOf(incoming).then((form) => {
      requests.push({ path: new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname, contentType: incoming.headers['content-type'], form })
      const answer = answers.shift() ?? { status: 202 }
      outgoing.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8' })
      outgoing.end(answer.body ?? '')
    }, () => incoming.socket.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/subscribe`,
    requests,
    answerNext: (...next) => void answers.push(...next),
    reset() {
      requests.length = 0
      answers.length = 0
    },
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
