export * from './query-params.ts'
export * from './creator.ts'
export * from './list.ts'
