import { Decimal128, ObjectId, type Collection, type Document, type Filter, type Sort } from 'mongodb'
import { beforeAll, expect, it } from 'vitest'
import { describeOnTargets } from './targets.ts'

interface Track {
  _id: number
  title: string
  genre: string
  plays: number
  tags: string[]
  album: { name: string, year: number }
  rating?: number | null
}

const GENRES = ['rock', 'jazz', 'folk']
const TAG_POOL = ['live', 'remaster', 'demo', 'acoustic']

function track(i: number): Track {
  const doc: Track = {
    _id: i,
    title: `track ${String(i).padStart(2, '0')}`,
    genre: GENRES[i % 3]!,
    plays: (i * 37) % 50,
    tags: TAG_POOL.filter((_, bit) => ((i >> bit) & 1) === 1),
    album: { name: `album ${i % 4}`, year: 2000 + (i % 5) },
  }
  if (i % 4 === 1) doc.rating = null
  else if (i % 4 === 2) doc.rating = i % 5
  return doc
}

const TRACKS = Array.from({ length: 30 }, (_, i) => track(i))

function idsOf(documents: Document[]): unknown[] {
  return documents.map(document => document._id)
}

describeOnTargets('find, count and distinct', (connection) => {
  let tracks: Collection<Track>
  beforeAll(async () => {
    tracks = connection.newCollection<Track>('tracks')
    await tracks.insertMany(TRACKS.map(each => structuredClone(each)))
  })

  it.each<{ name: string, filter: Filter<Track>, expected: (doc: Track) => boolean }>([
    { name: 'equality', filter: { genre: 'jazz' }, expected: doc => doc.genre === 'jazz' },
    { name: '$in', filter: { genre: { $in: ['rock', 'folk'] } }, expected: doc => doc.genre !== 'jazz' },
    { name: 'range', filter: { plays: { $gte: 10, $lt: 30 } }, expected: doc => doc.plays >= 10 && doc.plays < 30 },
    { name: 'nested path', filter: { 'album.year': 2003 }, expected: doc => doc.album.year === 2003 },
    { name: 'array element', filter: { tags: 'demo' }, expected: doc => doc.tags.includes('demo') },
    { name: '$all on an array', filter: { tags: { $all: ['live', 'demo'] } }, expected: doc => doc.tags.includes('live') && doc.tags.includes('demo') },
    { name: 'empty array by $size', filter: { tags: { $size: 0 } }, expected: doc => doc.tags.length === 0 },
    { name: 'null matches null and missing', filter: { rating: null }, expected: doc => doc.rating === null || doc.rating === undefined },
    { name: '$exists: false', filter: { rating: { $exists: false } }, expected: doc => !('rating' in doc) },
    { name: '$or', filter: { $or: [{ genre: 'rock' }, { plays: { $lt: 5 } }] }, expected: doc => doc.genre === 'rock' || doc.plays < 5 },
    { name: '$regex', filter: { title: { $regex: /^track 1/ } }, expected: doc => doc.title.startsWith('track 1') },
  ])('filters by $name', async ({ filter, expected }) => {
    const found = await tracks.find(filter).sort({ _id: 1 }).toArray()
    expect(found.length).toBeGreaterThan(0)
    expect(idsOf(found)).toEqual(TRACKS.filter(expected).map(doc => doc._id))
  })

  it('returns whole documents as they were inserted', async () => {
    expect(await tracks.findOne({ _id: 5 })).toEqual(TRACKS[5])
    expect(await tracks.findOne({ _id: 999 })).toBeNull()
  })

  it.each<{ name: string, projection: Document, expected: Document }>([
    { name: 'inclusion keeps _id', projection: { title: 1 }, expected: { _id: 7, title: 'track 07' } },
    { name: 'inclusion without _id', projection: { title: 1, _id: 0 }, expected: { title: 'track 07' } },
    { name: 'nested inclusion', projection: { 'album.year': 1 }, expected: { _id: 7, album: { year: 2002 } } },
    { name: 'exclusion', projection: { tags: 0, album: 0, plays: 0 }, expected: { _id: 7, title: 'track 07', genre: 'jazz' } },
    { name: '$slice', projection: { tags: { $slice: 1 }, _id: 0, title: 1 }, expected: { title: 'track 07', tags: ['live'] } },
    { name: '$elemMatch on scalars', projection: { tags: { $elemMatch: { $gt: 'm' } } }, expected: { _id: 7, tags: ['remaster'] } },
    { name: '$elemMatch without a match', projection: { tags: { $elemMatch: { $gt: 'x' } }, title: 1 }, expected: { _id: 7, title: 'track 07' } },
    { name: '$slice alone keeps every other field', projection: { tags: { $slice: -1 } }, expected: { ...TRACKS[7], tags: ['demo'] } },
    { name: '$slice [skip, limit] with an exclusion', projection: { tags: { $slice: [1, 1] }, album: 0 }, expected: { _id: 7, title: 'track 07', genre: 'jazz', plays: 9, tags: ['remaster'] } },
  ])('projects: $name', async ({ projection, expected }) => {
    expect(await tracks.find({ _id: 7 }, { projection }).toArray()).toEqual([expected])
  })

  it('{_id: 0} alone drops _id whatever its type and place, keeping the other fields in order', async () => {
    const ids = connection.newCollection('ids')
    const documents: Document[] = [
      { a: 1, b: { c: [2] }, _id: new ObjectId('65f0c0ffee0000000000abcd') },
      { _id: 'text', a: 2 },
      { a: 3, _id: { compound: 1, key: ['x'] }, z: null },
    ]
    await ids.insertMany(documents)
    const found = await ids.find({}, { projection: { _id: 0 } }).sort({ a: 1 }).toArray()
    expect(found).toEqual([{ a: 1, b: { c: [2] } }, { a: 2 }, { a: 3, z: null }])
    expect(found.map(document => Object.keys(document))).toEqual([['a', 'b'], ['a'], ['a', 'z']])
  })

  it.each<{ projection: Document, keys: string[], albumKeys?: string[] }>([
    { projection: { plays: 1, title: 1 }, keys: ['_id', 'title', 'plays'] },
    { projection: { 'album.year': 1, 'album.name': 1, 'genre': 1 }, keys: ['_id', 'genre', 'album'], albumKeys: ['name', 'year'] },
    { projection: { answer: { $literal: 42 }, title: 1 }, keys: ['_id', 'title', 'answer'] },
    { projection: { genre: 0 }, keys: ['_id', 'title', 'plays', 'tags', 'album'] },
  ])('a projection keeps the stored field order (_id first): $projection', async ({ projection, keys, albumKeys }) => {
    const found = await tracks.findOne({ _id: 7 }, { projection })
    expect(Object.keys(found!)).toEqual(keys)
    if (albumKeys) expect(Object.keys(found!.album)).toEqual(albumKeys)
  })

  it('projects the first matching document of an array of documents with $elemMatch', async () => {
    const orders = connection.newCollection('orders')
    await orders.insertOne({ _id: 1, lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5 }, { sku: 'c', qty: 9 }] })
    expect(await orders.findOne({}, { projection: { lines: { $elemMatch: { qty: { $gt: 2 } } } } })).toEqual({ _id: 1, lines: [{ sku: 'b', qty: 5 }] })
  })

  it('projects the matched array element with the positional $', async () => {
    expect(await tracks.find({ _id: 7, tags: 'demo' }, { projection: { 'tags.$': 1 } }).toArray()).toEqual([{ _id: 7, tags: ['demo'] }])
  })

  it.each<{ name: string, sort: Sort, compare: (a: Track, b: Track) => number }>([
    { name: 'ascending', sort: { plays: 1, _id: 1 }, compare: (a, b) => a.plays - b.plays || a._id - b._id },
    { name: 'descending', sort: { plays: -1, _id: -1 }, compare: (a, b) => b.plays - a.plays || b._id - a._id },
    { name: 'compound mixed directions', sort: { genre: 1, plays: -1, _id: 1 }, compare: (a, b) => a.genre.localeCompare(b.genre) || b.plays - a.plays || a._id - b._id },
    { name: 'nested path', sort: { 'album.year': -1, '_id': 1 }, compare: (a, b) => b.album.year - a.album.year || a._id - b._id },
  ])('sorts $name', async ({ sort, compare }) => {
    const found = await tracks.find({}).sort(sort).toArray()
    expect(idsOf(found)).toEqual([...TRACKS].sort(compare).map(doc => doc._id))
  })

  it('sorts missing and null before numbers, as null', async () => {
    const found = await tracks.find({}, { projection: { rating: 1 } }).sort({ rating: 1, _id: 1 }).toArray()
    const firstNumber = found.findIndex(doc => typeof doc.rating === 'number')
    expect(found.slice(0, firstNumber).every(doc => doc.rating === null || doc.rating === undefined)).toBe(true)
    expect(found.slice(firstNumber).every(doc => typeof doc.rating === 'number')).toBe(true)
  })

  it('finds by _id $in each document once, in _id order, whatever the list\'s order and repeats', async () => {
    expect(idsOf(await tracks.find({ _id: { $in: [12, 3, 7, 3, 99] } }).toArray())).toEqual([3, 7, 12])
  })

  it.each([
    { name: 'find', run: (c: Collection<Document>, sort: Sort) => c.find({}).sort(sort).toArray() },
    { name: 'aggregate after $project', run: (c: Collection<Document>, sort: Sort) => c.aggregate([{ $project: { v: 1 } }, { $sort: sort }]).toArray() },
    { name: 'aggregate after $group', run: (c: Collection<Document>, sort: Sort) => c.aggregate([{ $group: { _id: '$_id', v: { $first: '$v' } } }, { $sort: sort }]).toArray() },
  ])('$name sorts values of mixed types in BSON order (arrays by their smallest/largest element)', async ({ run }) => {
    const mixed = connection.newCollection('mixed')
    await mixed.insertMany([
      { _id: 1, v: 'text' },
      { _id: 2, v: 5 },
      { _id: 3, v: null },
      { _id: 4 },
      { _id: 5, v: new ObjectId('65f0c0ffee0000000000abcd') },
      { _id: 6, v: true },
      { _id: 7, v: new Date(0) },
      { _id: 8, v: { a: 1 } },
      { _id: 9, v: [0, 9] },
      { _id: 10, v: Decimal128.fromString('10.5') },
      { _id: 11, v: Decimal128.fromString('2.5') },
    ])
    expect(idsOf(await run(mixed, { v: 1, _id: 1 }))).toEqual([3, 4, 9, 11, 2, 10, 1, 8, 5, 6, 7])
    expect(idsOf(await run(mixed, { v: -1, _id: 1 }))).toEqual([7, 6, 5, 8, 1, 10, 9, 2, 11, 3, 4])
  })

  it.each([
    { skip: 0, limit: 5 },
    { skip: 5, limit: 5 },
    { skip: 28, limit: 5 },
    { skip: 40, limit: 5 },
    { skip: 3, limit: 0 },
  ])('pages with skip $skip and limit $limit after the sort', async ({ skip, limit }) => {
    const found = await tracks.find({}).sort({ _id: -1 }).skip(skip).limit(limit).toArray()
    const all = TRACKS.map(doc => doc._id).reverse()
    expect(idsOf(found)).toEqual(all.slice(skip, limit > 0 ? skip + limit : undefined))
  })

  it.each([1, 4, 29, 30, 200])('returns the same documents with batchSize %i', async (batchSize) => {
    const found = await tracks.find({ plays: { $gt: 3 } }).sort({ _id: 1 }).batchSize(batchSize).toArray()
    expect(idsOf(found)).toEqual(TRACKS.filter(doc => doc.plays > 3).map(doc => doc._id))
  })

  it('combines filter, projection, sort, skip and limit', async () => {
    const found = await tracks.find({ genre: 'rock' }, { projection: { _id: 0, title: 1 } }).sort({ _id: -1 }).skip(2).limit(3).toArray()
    expect(found).toEqual(TRACKS.filter(doc => doc.genre === 'rock').reverse().slice(2, 5).map(doc => ({ title: doc.title })))
  })

  it.each<{ name: string, filter: Filter<Track>, options: { skip?: number, limit?: number }, expected: number }>([
    { name: 'everything', filter: {}, options: {}, expected: 30 },
    { name: 'a filter', filter: { genre: 'folk' }, options: {}, expected: 10 },
    { name: 'a filter and skip', filter: { genre: 'folk' }, options: { skip: 3 }, expected: 7 },
    { name: 'a filter and limit', filter: { genre: 'folk' }, options: { limit: 4 }, expected: 4 },
    { name: 'skip and limit', filter: {}, options: { skip: 27, limit: 5 }, expected: 3 },
    { name: 'skip past the end', filter: { genre: 'folk' }, options: { skip: 50 }, expected: 0 },
    { name: 'no match', filter: { genre: 'polka' }, options: {}, expected: 0 },
  ])('countDocuments with $name', async ({ filter, options, expected }) => {
    expect(await tracks.countDocuments(filter, options)).toBe(expected)
  })

  it('estimatedDocumentCount counts the collection, 0 for one that does not exist', async () => {
    expect(await tracks.estimatedDocumentCount()).toBe(30)
    expect(await connection.newCollection('never_created').estimatedDocumentCount()).toBe(0)
  })

  it.each<{ key: string, filter: Filter<Track>, expected: unknown[] }>([
    { key: 'genre', filter: {}, expected: ['folk', 'jazz', 'rock'] },
    { key: 'tags', filter: {}, expected: ['acoustic', 'demo', 'live', 'remaster'] },
    { key: 'tags', filter: { _id: { $lt: 2 } }, expected: ['live'] },
    { key: 'album.year', filter: { genre: 'rock' }, expected: [2000, 2001, 2002, 2003, 2004] },
    { key: 'rating', filter: {}, expected: [null, 0, 1, 2, 3, 4] },
    { key: 'nowhere', filter: {}, expected: [] },
  ])('distinct $key with filter $filter', async ({ key, filter, expected }) => {
    const values = await tracks.distinct(key as keyof Track, filter)
    // mongod does not promise an order for distinct.
    expect(sortedForComparison(values)).toEqual(sortedForComparison(expected))
  })
})

function sortedForComparison(values: unknown[]): string[] {
  return values.map(value => JSON.stringify(value)).sort()
}
