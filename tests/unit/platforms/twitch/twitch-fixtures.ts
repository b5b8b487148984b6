import { readFileSync } from 'node:fs'

const FIXTURES = new URL('../../../fixtures/platforms/', import.meta.url)

/**
 * A real Twitch response body from tests/fixtures/platforms (see its SOURCES.md), parsed. Untyped
 * on purpose: tests take it apart freely, and the connector's zod schemas are what check its shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function twitchFixture(name: string): any {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'))
}
