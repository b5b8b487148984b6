import type { Db } from 'mongodb'
import { collectionsOf, CREATOR_CATEGORIES, PUBLIC_CREATORS, type CreatorCategory } from '../db/index.ts'

/** Every category with its number of public creators (0 included), the largest first, then by name. */
export async function countCreatorsByCategory(db: Db): Promise<{ category: CreatorCategory, count: number }[]> {
  const groups = await collectionsOf(db).creators
    .aggregate<{ _id: CreatorCategory, count: number }>([{ $match: PUBLIC_CREATORS }, { $group: { _id: '$category', count: { $sum: 1 } } }])
    .toArray()
  const counts = new Map(groups.map(group => [group._id, group.count]))
  return CREATOR_CATEGORIES
    .map(category => ({ category, count: counts.get(category) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
}
