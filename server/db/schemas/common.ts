import { z } from 'zod'

/** Where a document's facts came from; demo documents can be told apart (and removed) wholesale. */
export const dataSourceSchema = z.enum(['demo', 'platform-api'])
export type DataSource = z.infer<typeof dataSourceSchema>

/** Platforms whose accounts we track. */
export const accountPlatformSchema = z.enum(['youtube', 'twitch'])
export type AccountPlatform = z.infer<typeof accountPlatformSchema>

/** Where an event happened: an account platform, or `creatorino` for facts derived across platforms (a category change). */
export const eventPlatformSchema = z.enum(['youtube', 'twitch', 'creatorino'])
export type EventPlatform = z.infer<typeof eventPlatformSchema>

/** A count a platform may hide or not report: `null` means unknown, never 0. */
export const countSchema = z.number().int().nonnegative().nullable()

/** A calendar day: midnight UTC. */
export const utcDaySchema = z.date().refine(
  date => date.getTime() % 86_400_000 === 0,
  { message: 'expected midnight UTC' },
)
