import type { CategoryListDto } from '#shared/schemas/index.ts'
import { countCreatorsByCategory } from '../../queries/category-counts.ts'

/** Every category with its creator count, as a one-page list. */
export default defineCachedApiHandler({
  group: 'lists',
  maxAge: CACHE_SECONDS.categories,
  input: () => ({}),
  key: () => cacheKeyOf('categories', {}),
  handler: async (event): Promise<CategoryListDto> => {
    const categories = await readDatabase(event, db => countCreatorsByCategory(db))
    return {
      items: categories.map(({ category, count }) => ({ id: category, name: category[0]!.toUpperCase() + category.slice(1), creatorCount: count })),
      total: categories.length,
      limit: categories.length,
      offset: 0,
    }
  },
})
