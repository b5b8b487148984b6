import { CREATOR_CATEGORIES, type CreatorCategory } from '../db/index.ts'
import { addUtcDays } from '../domain/index.ts'
import { CATEGORY_FLAVOURS, FIRST_NAMES, TAG_NOUNS, TAG_WORDS } from './category-flavour.ts'
import { randomFor, type Random } from './random.ts'

export interface ProfileChangePlan {
  /** Days after the world's first day. */
  dayOffset: number
  kind: 'rename' | 'new_handle' | 'category_change'
  value: string
}

export interface DemoYoutubeChannel {
  channelId: string
  joinedAt: Date
  subscribers: number
  views: number
  videos: number
  hiddenSubscribers: boolean
  uploadsPerWeek: number
  uploadWeekdays: number[]
  uploadHour: number
  /** Channel views per subscriber per day. */
  dailyViewsPerSubscriber: number
  /** A typical upload's final views per subscriber. */
  viewsPerSubscriber: number
}

export interface DemoTwitchChannel {
  userId: string
  joinedAt: Date
  followers: number
  videos: number
  streamWeekdays: number[]
  streamStartHour: number
  streamHours: readonly [number, number]
  /** Peak concurrent viewers per follower. */
  viewersPerFollower: number
}

/** A demo creator as cast at the start: who it is, how big, how it grows and what it will change. */
export interface DemoCreator {
  index: number
  name: string
  handle: string
  twitchLogin: string
  category: CreatorCategory
  description: string
  palette: readonly [string, string]
  artSeed: number
  youtube?: DemoYoutubeChannel
  twitch?: DemoTwitchChannel
  /** Mean daily log-growth of the audience (may be negative). */
  drift: number
  /** Log-normal spread of the daily growth. */
  volatility: number
  /** Weekly rhythm: relative extra growth on the peak weekday. */
  weeklyAmplitude: number
  weeklyPeak: number
  profileChanges: ProfileChangePlan[]
}

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const YEAR_DAYS = 365
/** Most profile changes fall in the first half year, the rest over the next three: the world keeps changing. */
const FIRST_CHANGES_WITHIN_DAYS = 180

function channelIdFrom(random: Random): string {
  return `UC${Array.from({ length: 22 }, () => random.pick([...CHARS])).join('')}`
}

function weekdays(random: Random, count: number): number[] {
  const days = [0, 1, 2, 3, 4, 5, 6]
  for (let i = days.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[days[i], days[j]] = [days[j]!, days[i]!]
  }
  return days.slice(0, Math.min(7, count)).sort()
}

function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * random.normal())
}

function nameFor(random: Random, category: CreatorCategory): string {
  const flavour = CATEGORY_FLAVOURS[category]
  switch (random.int(0, 3)) {
    case 0:
      return `${random.pick(FIRST_NAMES)} ${random.pick(flavour.nameWords)}`
    case 1:
      return `${random.pick(TAG_WORDS)}${random.pick(TAG_NOUNS)}`
    case 2:
      return `The ${random.pick(TAG_WORDS)} ${random.pick(flavour.nameWords)}`
    default:
      return `${random.pick(TAG_WORDS)} ${random.pick(flavour.nameWords)}`
  }
}

function handleFor(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9]+/g, '')
}

function uniqueHandle(base: string, taken: Set<string>): string {
  let handle = base
  for (let suffix = 2; taken.has(handle.toLowerCase()); suffix++) handle = `${base}${suffix}`
  taken.add(handle.toLowerCase())
  return handle
}

/** Names cast on purpose: a shared display name (slug suffixes) and a route word (never a slug). */
const FIXED_NAMES: Record<number, string> = { 10: 'Alex Plays', 20: 'Alex Plays', 30: 'Top' }

function profileChangesFor(random: Random, category: CreatorCategory, name: string, takenHandles: Set<string>): ProfileChangePlan[] {
  const changes: ProfileChangePlan[] = []
  const when = () => random.chance(0.75)
    ? random.int(3, FIRST_CHANGES_WITHIN_DAYS - 3)
    : random.int(FIRST_CHANGES_WITHIN_DAYS, FIRST_CHANGES_WITHIN_DAYS + 3 * YEAR_DAYS)
  if (random.chance(0.08)) changes.push({ dayOffset: when(), kind: 'rename', value: random.chance(0.5) ? `${name} ${random.pick(['TV', 'Official', 'HQ', 'Studio'])}` : nameFor(random, category) })
  if (random.chance(0.06)) changes.push({ dayOffset: when(), kind: 'new_handle', value: uniqueHandle(`${handleFor(name)}${random.pick(['Official', 'HQ', 'Live', 'TV'])}`, takenHandles) })
  if (random.chance(0.05)) changes.push({ dayOffset: when(), kind: 'category_change', value: random.pick(CREATOR_CATEGORIES.filter(other => other !== category)) })
  return changes.sort((a, b) => a.dayOffset - b.dayOffset)
}

/**
 * The demo world's creators, the same for the same seed: heavy-tailed sizes, every category, YouTube,
 * Twitch or both, a few hidden subscriber counts, and profile changes scheduled over the years.
 */
export function castDemoCreators(seed: number, count: number, firstDay: Date): DemoCreator[] {
  const takenHandles = new Set<string>()
  const creators: DemoCreator[] = []
  for (let index = 0; index < count; index++) {
    const random = randomFor(seed, 'cast', index)
    const category = CREATOR_CATEGORIES[index % CREATOR_CATEGORIES.length]!
    const flavour = CATEGORY_FLAVOURS[category]
    const name = FIXED_NAMES[index] ?? nameFor(random, category)
    const handle = uniqueHandle(handleFor(name) || `Creator${index}`, takenHandles)
    const platformRoll = random.next()
    const onTwitch = platformRoll < flavour.twitchShare
    const onYoutube = !onTwitch || platformRoll < flavour.twitchShare * 0.55
    // Audiences are log-normal: most creators are mid-sized, a few are enormous.
    const audience = Math.min(1.5e8, Math.max(2_000, 10 ** (5.1 + 0.95 * random.normal())))
    const fastRiser = random.chance(0.08)
    const daysBefore = (years: number) => addUtcDays(firstDay, -Math.round(years * YEAR_DAYS))
    const youtube: DemoYoutubeChannel | undefined = onYoutube
      ? {
          channelId: channelIdFrom(random),
          joinedAt: daysBefore(random.between(1, 15)),
          subscribers: Math.round(audience),
          views: Math.round(audience * random.between(60, 400)),
          videos: random.int(40, 1800),
          hiddenSubscribers: index % 37 === 11,
          uploadsPerWeek: random.pick([1, 1, 2, 2, 3, 3, 4, 5, 7]),
          uploadWeekdays: [],
          uploadHour: random.int(12, 19),
          dailyViewsPerSubscriber: random.between(0.01, 0.08),
          viewsPerSubscriber: logNormal(random, 0.12, 0.5),
        }
      : undefined
    if (youtube) youtube.uploadWeekdays = weekdays(random, youtube.uploadsPerWeek)
    const twitch: DemoTwitchChannel | undefined = onTwitch
      ? {
          userId: String(100_000_000 + index * 7_919 + random.int(0, 7_000)),
          joinedAt: daysBefore(random.between(0.5, 10)),
          followers: Math.round(onYoutube ? audience * random.between(0.05, 0.5) : audience * random.between(0.2, 0.8)),
          videos: random.int(20, 600),
          streamWeekdays: weekdays(random, random.int(3, 6)),
          streamStartHour: random.int(12, 15),
          streamHours: [2, random.int(4, 8)],
          viewersPerFollower: logNormal(random, 0.006, 0.5),
        }
      : undefined
    creators.push({
      index,
      name,
      handle,
      twitchLogin: handle.toLowerCase(),
      category,
      description: `${name} makes ${flavour.label} videos${twitch ? ' and streams' : ''}. New ${youtube ? 'uploads' : 'streams'} every week.`,
      palette: [flavour.palette[random.int(0, 1)]!, random.pick(['#0f172a', '#1e293b', '#334155', '#f8fafc', '#fde68a'])],
      artSeed: random.int(0, 1_000_000),
      ...(youtube ? { youtube } : {}),
      ...(twitch ? { twitch } : {}),
      drift: fastRiser ? random.between(0.004, 0.012) : random.chance(0.1) ? -random.between(0.0001, 0.0006) : logNormal(random, 0.0009, 0.6),
      volatility: random.between(0.25, 0.7),
      weeklyAmplitude: random.between(0.1, 0.45),
      weeklyPeak: random.int(0, 6),
      profileChanges: profileChangesFor(random, category, name, takenHandles),
    })
  }
  return creators
}
