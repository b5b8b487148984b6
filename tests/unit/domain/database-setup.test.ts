import { describe, expect, it } from 'vitest'
import { collectionsOf, creatorSearchFilter, ensureIndexes, INDEXES, searchQueryTerms, searchTermsFor } from '../../../server/db/index.ts'
import { upsertCreators } from '../../../server/domain/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { T0, youtubeCreator } from './fixtures.ts'

const database = useEmbeddedDatabase()

describe('ensureIndexes', () => {
  it('creates every index, and running it again changes nothing', async () => {
    const db = await database.freshDb()
    await ensureIndexes(db)
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      const names = (await db.collection(collection).listIndexes().toArray()).map(index => index.name).sort()
      expect(names).toEqual(['_id_', ...indexes.map(index => index.name)].sort())
    }
  })

  it('makes creatorId, slug and aliases unique', async () => {
    const db = await database.freshDb()
    const { creators } = collectionsOf(db)
    const [created] = await upsertCreators(db, [youtubeCreator('Unique')], { at: T0 })
    const stored = await creators.findOne({ creatorId: created!.creatorId }, { projection: { _id: 0 } })
    await expect(creators.insertOne({ ...stored!, platforms: { twitch: { userId: '9', login: 'x', displayName: 'x', followers: 1, videos: 1, isLive: false, lastStreamAt: null, verified: false, joinedAt: T0 } } })).rejects.toThrow(/E11000/)
    await expect(creators.insertOne({ ...stored!, creatorId: 'cr_other', platforms: {} })).rejects.toThrow(/E11000.*slug/)
  })
})

describe('search without $text', () => {
  it.each([
    [['Chloé Cuisine', 'ChloeCuisine'], ['c', 'ch', 'chloe', 'chloecuisine', 'cu', 'cuisine']],
  ])('searchTermsFor(%j) holds tokens, their prefixes and the run-together name', (texts, expected) => {
    expect(searchTermsFor(texts)).toEqual(expect.arrayContaining(expected))
  })

  it.each([
    ['  Mr. BEAST ', ['mr', 'beast']],
    ['!!!', []],
  ])('searchQueryTerms(%j) is %j', (query, terms) => {
    expect(searchQueryTerms(query)).toEqual(terms)
  })

  it.each([
    ['chlo', ['Chloé Cuisine']],
    ['CUISINE chl', ['Chloé Cuisine']],
    ['pixel', ['Pixel Fox', 'PixelForge']],
    ['pixelf', ['Pixel Fox', 'PixelForge']],
    ['fox', ['Pixel Fox']],
    ['zzz', []],
  ])('finds %j', async (query, names) => {
    const db = await database.freshDb()
    await upsertCreators(db, ['Chloé Cuisine', 'Pixel Fox', 'PixelForge'].map(name => youtubeCreator(name)), { at: T0 })
    const found = await collectionsOf(db).creators.find(creatorSearchFilter(query)!).sort({ searchName: 1 }).toArray()
    expect(found.map(creator => creator.name)).toEqual(names)
  })
})
