import type { Collection, Document } from 'mongodb'
import { beforeAll, expect, it } from 'vitest'
import { describeOnTargets, type TestDocument } from './targets.ts'

const CREATORS = [
  { _id: 'c1', name: 'Ana', platform: 'youtube', stats: { subscribers: 100 } },
  { _id: 'c2', name: 'Ben', platform: 'twitch', stats: { subscribers: 250 } },
  { _id: 'c3', name: 'Cy', platform: 'youtube', stats: { subscribers: 40 } },
]

const VIDEOS = [
  { _id: 1, creatorId: 'c1', views: 10, tags: ['music', 'live'], meta: { lengthSeconds: 60, lang: 'en' } },
  { _id: 2, creatorId: 'c1', views: 30, tags: ['music'], meta: { lengthSeconds: 120, lang: 'en' } },
  { _id: 3, creatorId: 'c2', views: 5, tags: [], meta: { lengthSeconds: 30, lang: 'de' } },
  { _id: 4, creatorId: 'c2', views: 50, tags: ['games', 'live'], meta: { lengthSeconds: 600, lang: 'en' } },
  { _id: 5, creatorId: 'c2', views: 20, tags: ['games'], meta: { lengthSeconds: 90, lang: 'fr' } },
  { _id: 6, creatorId: 'c9', views: 1, tags: ['orphan'], meta: { lengthSeconds: 10, lang: 'en' } },
]

describeOnTargets('aggregate', (connection) => {
  let creators: Collection<TestDocument>
  let videos: Collection<TestDocument>
  beforeAll(async () => {
    creators = connection.newCollection('creators')
    videos = connection.newCollection('videos')
    await creators.insertMany(structuredClone(CREATORS))
    await videos.insertMany(structuredClone(VIDEOS))
  })

  async function expectStoredUnchanged(): Promise<void> {
    expect(await videos.find().sort({ _id: 1 }).toArray()).toEqual(VIDEOS)
    expect(await creators.find().sort({ _id: 1 }).toArray()).toEqual(CREATORS)
  }

  it.each<{ name: string, pipeline: Document[], expected: Document[] }>([
    {
      name: '$match, $sort and $limit',
      pipeline: [{ $match: { views: { $gte: 10 } } }, { $sort: { views: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }],
      expected: [{ _id: 4 }, { _id: 2 }],
    },
    {
      name: '$sort, $skip and $limit',
      pipeline: [{ $sort: { views: 1 } }, { $skip: 1 }, { $limit: 3 }, { $project: { views: 1 } }],
      expected: [{ _id: 3, views: 5 }, { _id: 1, views: 10 }, { _id: 5, views: 20 }],
    },
    {
      name: '$group with accumulators, then $sort',
      pipeline: [
        { $group: { _id: '$creatorId', total: { $sum: '$views' }, videos: { $sum: 1 }, best: { $max: '$views' }, ids: { $push: '$_id' } } },
        { $sort: { total: -1 } },
      ],
      expected: [
        { _id: 'c2', total: 75, videos: 3, best: 50, ids: [3, 4, 5] },
        { _id: 'c1', total: 40, videos: 2, best: 30, ids: [1, 2] },
        { _id: 'c9', total: 1, videos: 1, best: 1, ids: [6] },
      ],
    },
    {
      name: '$group by a nested path with $avg',
      pipeline: [{ $group: { _id: '$meta.lang', avgViews: { $avg: '$views' } } }, { $sort: { _id: 1 } }],
      expected: [{ _id: 'de', avgViews: 5 }, { _id: 'en', avgViews: 22.75 }, { _id: 'fr', avgViews: 20 }],
    },
    {
      name: '$unwind an array, then $group',
      pipeline: [{ $unwind: '$tags' }, { $group: { _id: '$tags', count: { $sum: 1 } } }, { $sort: { count: -1, _id: 1 } }],
      expected: [{ _id: 'games', count: 2 }, { _id: 'live', count: 2 }, { _id: 'music', count: 2 }, { _id: 'orphan', count: 1 }],
    },
    {
      name: '$unwind keeping empty arrays',
      pipeline: [{ $match: { creatorId: 'c2' } }, { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } }, { $project: { tags: 1 } }, { $sort: { _id: 1, tags: 1 } }],
      expected: [{ _id: 3 }, { _id: 4, tags: 'games' }, { _id: 4, tags: 'live' }, { _id: 5, tags: 'games' }],
    },
    {
      name: '$unwind with includeArrayIndex, over arrays and a non-array',
      pipeline: [{ $match: { _id: { $in: [1, 3] } } }, { $unwind: { path: '$tags', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } }, { $unwind: { path: '$creatorId', includeArrayIndex: 'j' } }, { $project: { tags: 1, i: 1, j: 1 } }],
      expected: [{ _id: 1, tags: 'music', i: 0, j: null }, { _id: 1, tags: 'live', i: 1, j: null }, { _id: 3, i: null, j: null }],
    },
    {
      name: '$lookup with localField/foreignField',
      pipeline: [
        { $match: { _id: { $in: [1, 6] } } },
        { $lookup: { from: 'CREATORS', localField: 'creatorId', foreignField: '_id', as: 'creator' } },
        { $project: { creatorNames: '$creator.name' } },
        { $sort: { _id: 1 } },
      ],
      expected: [{ _id: 1, creatorNames: ['Ana'] }, { _id: 6, creatorNames: [] }],
    },
    {
      name: '$lookup with a pipeline and let',
      pipeline: [
        { $match: { _id: 4 } },
        { $lookup: { from: 'CREATORS', let: { id: '$creatorId' }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$id'] } } }, { $project: { _id: 0, platform: 1 } }], as: 'creator' } },
        { $project: { creator: 1 } },
      ],
      expected: [{ _id: 4, creator: [{ platform: 'twitch' }] }],
    },
    {
      name: '$facet',
      pipeline: [
        { $facet: {
          total: [{ $count: 'n' }],
          top: [{ $sort: { views: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
          byLang: [{ $group: { _id: '$meta.lang', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
        } },
      ],
      expected: [{ total: [{ n: 6 }], top: [{ _id: 4 }], byLang: [{ _id: 'de', n: 1 }, { _id: 'en', n: 4 }, { _id: 'fr', n: 1 }] }],
    },
    {
      name: '$count',
      pipeline: [{ $match: { 'meta.lang': 'en' } }, { $count: 'english' }],
      expected: [{ english: 4 }],
    },
    {
      name: '$addFields on a nested path',
      pipeline: [{ $match: { _id: 2 } }, { $addFields: { 'meta.minutes': { $divide: ['$meta.lengthSeconds', 60] }, 'meta.lang': 'xx' } }],
      expected: [{ _id: 2, creatorId: 'c1', views: 30, tags: ['music'], meta: { lengthSeconds: 120, lang: 'xx', minutes: 2 } }],
    },
    {
      name: '$set after $lookup, writing into the joined documents',
      pipeline: [
        { $match: { _id: 1 } },
        { $lookup: { from: 'CREATORS', localField: 'creatorId', foreignField: '_id', as: 'creator' } },
        { $unwind: '$creator' },
        { $set: { 'creator.stats.subscribers': 0, 'creator.name': 'changed' } },
        { $project: { creator: 1 } },
      ],
      expected: [{ _id: 1, creator: { _id: 'c1', name: 'changed', platform: 'youtube', stats: { subscribers: 0 } } }],
    },
    {
      name: '$facet with $addFields inside',
      pipeline: [{ $match: { _id: 3 } }, { $facet: { changed: [{ $addFields: { 'meta.lang': 'changed', 'views': 0 } }, { $project: { meta: 1, views: 1 } }] } }],
      expected: [{ changed: [{ _id: 3, meta: { lengthSeconds: 30, lang: 'changed' }, views: 0 }] }],
    },
    {
      name: '$replaceRoot on a nested document, then $set',
      pipeline: [{ $match: { _id: 5 } }, { $replaceRoot: { newRoot: '$meta' } }, { $set: { lang: 'changed' } }],
      expected: [{ lengthSeconds: 90, lang: 'changed' }],
    },
    {
      name: '$group with $$ROOT, then $unwind and $set',
      pipeline: [
        { $match: { creatorId: 'c1' } },
        { $group: { _id: '$creatorId', all: { $push: '$$ROOT' } } },
        { $unwind: '$all' },
        { $set: { 'all.meta.lang': 'changed' } },
        { $project: { _id: 0, id: '$all._id', lang: '$all.meta.lang' } },
        { $sort: { id: 1 } },
      ],
      expected: [{ id: 1, lang: 'changed' }, { id: 2, lang: 'changed' }],
    },
  ])('$name (and stored documents stay as they were)', async ({ pipeline, expected }) => {
    const resolved = JSON.parse(JSON.stringify(pipeline).replaceAll('"CREATORS"', JSON.stringify(creators.collectionName)))
    expect(await videos.aggregate(resolved).toArray()).toEqual(expected)
    await expectStoredUnchanged()
  })

  // Todo (embedded): mingo's $project builds documents in the projection's order with _id last; find
  // projections are reordered by the server, but inside a pipeline the input document is gone by then.
  it.skipIf(connection.target.isEmbedded)('$project keeps the input field order, _id first', async () => {
    const [projected] = await videos.aggregate([{ $match: { _id: 1 } }, { $project: { views: 1, creatorId: 1 } }]).toArray()
    expect(Object.keys(projected!)).toEqual(['_id', 'creatorId', 'views'])
  })

  it('pages a large aggregate result through getMore', async () => {
    const many = connection.newCollection('many')
    await many.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, bucket: i % 5 })))
    const found = await many.aggregate([{ $match: { bucket: { $lt: 4 } } }, { $sort: { _id: -1 } }], { batchSize: 30 }).toArray()
    expect(found.map(doc => doc._id)).toEqual(Array.from({ length: 250 }, (_, i) => 249 - i).filter(i => i % 5 < 4))
  })

  it('aggregate on a collection that does not exist returns nothing', async () => {
    expect(await connection.newCollection('absent').aggregate([{ $match: {} }, { $group: { _id: null, n: { $sum: 1 } } }]).toArray()).toEqual([])
  })
})
