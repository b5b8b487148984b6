import { sameValue } from '../same-value.ts'
import type { AnyBulkWriteOperation, Collection, Db, Filter, WithId } from 'mongodb'
import {
  collectionsOf, creatorSchema, normaliseSearchText, searchTermsFor,
  type CreatorCategory, type CreatorDocument, type CreatorPlatforms, type DataSource,
} from '../../db/index.ts'
import { deriveAnnouncements } from '../announcements/derive-announcements.ts'
import { platformStatsOf, sortKeysOf } from '../creator-stats/platform-stats.ts'
import { announceCreatorChanges, type PipelineOptions } from '../pipeline-changes.ts'
import { bulkWriteToleratingRaces, findByValues } from '../bulk-access.ts'
import { creatorIdFor } from './creator-id.ts'
import { chooseFreeSlug, slugBaseFor, slugComesFrom } from './creator-slug.ts'
import { detectProfileChanges, type ProfileChange } from './profile-changes.ts'

/**
 * A creator as a source sees it. What it leaves out (the other platform's account, the category a
 * platform does not know, links, whether its sync is paused) is kept as stored, so a sync never
 * reverts what another writer changed since it read the creator.
 */
export interface CreatorInput {
  name: string
  description: string
  /** Required for a new creator. */
  category?: CreatorCategory
  avatarUrl: string
  bannerUrl: string
  socialLinks?: Record<string, string>
  platforms: CreatorPlatforms
  dataSource: DataSource
  /** false pauses the creator's sync. */
  isActive?: boolean
  /**
   * A creator this write creates stays hidden from the public until `markCreatorsPublic` (after its
   * first data is written); a stored creator keeps its own state (pending, being removed) either way.
   */
  pending?: boolean
}

export interface UpsertCreatorsOptions extends PipelineOptions {
  /** When the source observed these profiles; now by default. */
  at?: Date
}

export interface UpsertedCreator {
  creatorId: string
  slug: string
  status: 'created' | 'updated' | 'unchanged'
  profileChanges: ProfileChange[]
}

type StoredCreator = WithId<CreatorDocument>

function accountKeys(platforms: Partial<CreatorPlatforms>): string[] {
  return [
    ...(platforms.youtube ? [`youtube:${platforms.youtube.channelId}`] : []),
    ...(platforms.twitch ? [`twitch:${platforms.twitch.userId}`] : []),
  ]
}

async function findStoredByAccount(creators: Collection<CreatorDocument>, inputs: CreatorInput[]): Promise<Map<string, StoredCreator>> {
  const channelIds = inputs.flatMap(input => input.platforms.youtube ? [input.platforms.youtube.channelId] : [])
  const userIds = inputs.flatMap(input => input.platforms.twitch ? [input.platforms.twitch.userId] : [])
  const stored = await creators.find({
    $or: [{ 'platforms.youtube.channelId': { $in: channelIds } }, { 'platforms.twitch.userId': { $in: userIds } }],
  }).toArray()
  const byAccount = new Map<string, StoredCreator>()
  for (const creator of stored) for (const key of accountKeys(creator.platforms)) byAccount.set(key, creator)
  return byAccount
}

function storedCreatorOf(input: CreatorInput, byAccount: Map<string, StoredCreator>): StoredCreator | undefined {
  const matches = new Set(accountKeys(input.platforms).map(key => byAccount.get(key)).filter(match => match !== undefined))
  if (matches.size > 1) throw new Error(`The accounts of "${input.name}" belong to different creators; merging creators is not supported`)
  return [...matches][0]
}

/** Slugs (and aliases) already held by other creators, among those that could clash with the bases. */
async function slugOwners(creators: Collection<CreatorDocument>, bases: string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>()
  if (bases.length === 0) return owners
  const prefixRange = (base: string) => ({ $gte: base, $lt: `${base}\uffff` })
  const filter: Filter<CreatorDocument> = { $or: bases.flatMap(base => [{ slug: prefixRange(base) }, { slugAliases: prefixRange(base) }]) }
  for (const creator of await creators.find(filter, { projection: { creatorId: 1, slug: 1, slugAliases: 1 } }).toArray()) {
    for (const slug of [creator.slug, ...(creator.slugAliases ?? [])]) owners.set(slug, creator.creatorId)
  }
  return owners
}

function slugBaseOf(input: CreatorInput): string {
  return slugBaseFor(input.name, slugBaseFor(input.platforms.youtube?.handle ?? input.platforms.twitch?.login ?? ''))
}

interface Planned {
  input: CreatorInput
  stored: StoredCreator | undefined
  creatorId: string
  slug: string
  slugAliases: string[]
}

/** Picks each creator's slug: kept while its name still yields it, else the first free one; the old one becomes an alias. */
async function planSlugs(creators: Collection<CreatorDocument>, inputs: CreatorInput[], byAccount: Map<string, StoredCreator>): Promise<Planned[]> {
  const drafts = inputs.map((input) => {
    const stored = storedCreatorOf(input, byAccount)
    const base = slugBaseOf(input)
    const keepsSlug = stored !== undefined && slugComesFrom(stored.slug, base)
    return { input, stored, base, keepsSlug, creatorId: stored?.creatorId ?? creatorIdFor(input.platforms) }
  })
  const owners = await slugOwners(creators, [...new Set(drafts.filter(draft => !draft.keepsSlug).map(draft => draft.base))])
  return drafts.map(({ input, stored, base, keepsSlug, creatorId }) => {
    const previousAliases = stored?.slugAliases ?? []
    if (keepsSlug && stored) return { input, stored, creatorId, slug: stored.slug, slugAliases: previousAliases }
    const slug = chooseFreeSlug(base, candidate => (owners.get(candidate) ?? creatorId) !== creatorId)
    owners.set(slug, creatorId)
    const slugAliases = [...new Set([...previousAliases, ...(stored ? [stored.slug] : [])])].filter(alias => alias !== slug)
    return { input, stored, creatorId, slug, slugAliases }
  })
}

function creatorDocumentFor(planned: Planned, at: Date): CreatorDocument {
  const { input, stored, creatorId, slug, slugAliases } = planned
  const platforms: CreatorPlatforms = { ...stored?.platforms, ...input.platforms }
  const stats = { ...platformStatsOf(platforms), recentGrowth: stored?.stats.recentGrowth ?? null, averageViews: stored?.stats.averageViews ?? null }
  const { youtube, twitch } = platforms
  const hidden = stored ? stored.metadata.hidden : input.pending ? 'pending' : undefined
  const category = input.category ?? stored?.category
  if (!category) throw new Error(`A new creator needs a category: "${input.name}" has none`)
  return creatorSchema.parse({
    creatorId,
    name: input.name,
    slug,
    ...(slugAliases.length > 0 ? { slugAliases } : {}),
    avatarUrl: input.avatarUrl,
    bannerUrl: input.bannerUrl,
    category,
    verified: (youtube?.verified ?? false) || (twitch?.verified ?? false),
    description: input.description,
    platforms,
    socialLinks: input.socialLinks ?? stored?.socialLinks ?? {},
    stats,
    sortKeys: sortKeysOf(stats),
    searchName: normaliseSearchText(input.name),
    searchTerms: searchTermsFor([input.name, youtube?.handle ?? '', twitch?.login ?? '', twitch?.displayName ?? '']),
    metadata: { dataSource: input.dataSource, isActive: input.isActive ?? stored?.metadata.isActive ?? true, lastUpdated: at, ...(hidden && { hidden }) },
    createdAt: stored?.createdAt ?? at,
    updatedAt: at,
    revision: stored ? (stored.revision ?? 0) + 1 : 0,
  })
}

/** Equal apart from when the profile was last seen and last changed (and how often it was written). */
function sameContent(stored: StoredCreator, next: CreatorDocument): boolean {
  const { _id, updatedAt: _storedUpdatedAt, metadata: storedMetadata, revision: _storedRevision, ...storedRest } = stored
  const { updatedAt: _nextUpdatedAt, metadata: nextMetadata, revision: _nextRevision, ...nextRest } = next
  return storedMetadata.dataSource === nextMetadata.dataSource && storedMetadata.isActive === nextMetadata.isActive
    && storedMetadata.hidden === nextMetadata.hidden
    && sameValue(storedRest, nextRest)
}

function writeFor(planned: Planned, next: CreatorDocument): { operation?: AnyBulkWriteOperation<CreatorDocument>, status: UpsertedCreator['status'] } {
  const { stored } = planned
  if (!stored) return { status: 'created', operation: { insertOne: { document: { ...next } } } }
  const changed = !sameContent(stored, next)
  if (!changed) next.updatedAt = stored.updatedAt
  if (!changed && stored.metadata.lastUpdated.getTime() === next.metadata.lastUpdated.getTime()) return { status: 'unchanged' }
  // A whole-document replace (the same to mongod as a $set, and much cheaper on the embedded engine),
  // made from what was read: only if nobody wrote the creator since (compare-and-swap on revision).
  const unchangedSinceRead: Filter<CreatorDocument> = { creatorId: next.creatorId, revision: stored.revision ?? { $exists: false } }
  return { status: changed ? 'updated' : 'unchanged', operation: { replaceOne: { filter: unchangedSinceRead, replacement: next } } }
}

/** How often a creator written by someone else meanwhile is read and merged again before giving up. */
const MAX_WRITE_ATTEMPTS = 5

/**
 * The inputs whose replacement found the creator changed by another writer since it was read. The
 * bulk write only tells how many matched, so when some did not, the creators are read back: one
 * stored exactly as this pass wrote it is done (also when the other writer wrote the same).
 */
async function lostReplacements(creators: Collection<CreatorDocument>, replaced: Array<{ input: CreatorInput, next: CreatorDocument }>, matchedCount: number): Promise<CreatorInput[]> {
  if (matchedCount === replaced.length) return []
  const stored = new Map((await findByValues(creators, 'creatorId', replaced.map(({ next }) => next.creatorId), { projection: { _id: 0 } }))
    .map(creator => [creator.creatorId, creator]))
  return replaced.filter(({ next }) => !sameValue(stored.get(next.creatorId), next)).map(({ input }) => input)
}

/** One read-merge-write pass; answers each input's result and the inputs to merge again. */
async function upsertOnce(db: Db, inputs: CreatorInput[], at: Date, options: UpsertCreatorsOptions): Promise<{ results: UpsertedCreator[], retry: CreatorInput[] }> {
  const { creators } = collectionsOf(db)
  const byAccount = await findStoredByAccount(creators, inputs)
  const plans = await planSlugs(creators, inputs, byAccount)
  const seen = new Set<string>()
  const results: UpsertedCreator[] = []
  const operations: AnyBulkWriteOperation<CreatorDocument>[] = []
  const replaced: Array<{ input: CreatorInput, next: CreatorDocument }> = []
  const changes: Array<ProfileChange & { dataSource: DataSource }> = []
  for (const planned of plans) {
    if (seen.has(planned.creatorId)) throw new Error(`Creator "${planned.input.name}" appears twice in one upsert`)
    seen.add(planned.creatorId)
    const next = creatorDocumentFor(planned, at)
    const profileChanges = planned.stored ? detectProfileChanges(next.creatorId, planned.stored, next, at) : []
    changes.push(...profileChanges.map(change => ({ ...change, dataSource: next.metadata.dataSource })))
    const { operation, status } = writeFor(planned, next)
    if (operation) operations.push(operation)
    if (operation && 'replaceOne' in operation) replaced.push({ input: planned.input, next })
    results.push({ creatorId: next.creatorId, slug: next.slug, status, profileChanges })
  }
  if (changes.length > 0) await deriveAnnouncements(db, changes, { ...options, at })
  const { matchedCount } = await bulkWriteToleratingRaces(creators, operations)
  return { results, retry: await lostReplacements(creators, replaced, matchedCount) }
}

/**
 * Creates or updates creators and their platform accounts, matched by account (YouTube channel id,
 * Twitch user id). Profile changes become announcements before the profile itself is written, so
 * an interrupted run still announces them when it is repeated. Each creator is rewritten as read
 * and merged; one that another writer changed meanwhile (the other platform's sync, a removal) is
 * read and merged again, so neither write is lost.
 */
export async function upsertCreators(db: Db, inputs: CreatorInput[], options: UpsertCreatorsOptions = {}): Promise<UpsertedCreator[]> {
  if (inputs.length === 0) return []
  const at = options.at ?? new Date()
  const resultOf = new Map<CreatorInput, UpsertedCreator>()
  let pending = inputs
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > MAX_WRITE_ATTEMPTS) throw new Error(`Creators ${pending.map(input => `"${input.name}"`).join(', ')} kept changing under ${MAX_WRITE_ATTEMPTS} attempts to write them`)
    const { results, retry } = await upsertOnce(db, pending, at, options)
    pending.forEach((input, index) => resultOf.set(input, results[index]!))
    pending = retry
  }
  const results = inputs.map(input => resultOf.get(input)!)
  announceCreatorChanges(results.filter(result => result.status !== 'unchanged').map(result => result.creatorId), options)
  return results
}

export async function upsertCreator(db: Db, input: CreatorInput, options: UpsertCreatorsOptions = {}): Promise<UpsertedCreator> {
  const [result] = await upsertCreators(db, [input], options)
  return result!
}
