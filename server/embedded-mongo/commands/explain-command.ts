import type { Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import { executeFind, type FindOutcome } from '../engine/find-executor.ts'
import { describePlan } from '../engine/query-plan.ts'
import { runPipeline } from '../engine/run-pipeline.ts'
import { optionalArray, optionalDocument, targetCollection } from './command-arguments.ts'
import type { CommandHandler } from './command-context.ts'
import { findRequestOf } from './read-commands.ts'

function explainReply(namespace: string, outcome: FindOutcome, milliseconds: number): Document {
  const winningPlan = describePlan(outcome.plan)
  return {
    explainVersion: '1',
    queryPlanner: { namespace, winningPlan, rejectedPlans: [] },
    executionStats: {
      executionSuccess: true,
      nReturned: outcome.stats.nReturned,
      executionTimeMillis: milliseconds,
      totalKeysExamined: outcome.stats.keysExamined,
      totalDocsExamined: outcome.stats.docsExamined,
      executionStages: { ...winningPlan, nReturned: outcome.stats.nReturned, docsExamined: outcome.stats.docsExamined },
    },
    ok: 1,
  }
}

/** explain for find, aggregate (its leading $match/$sort/$limit) and count: which index, how much was read. */
const explain: CommandHandler = (command, context) => {
  const inner = optionalDocument(command, 'explain')
  if (!inner) throw new MongoCommandError('FailedToParse', 'explain command requires a nested object')
  const verb = Object.keys(inner)[0]
  const name = targetCollection(inner)
  const collection = context.server.catalog.getCollection(context.database, name)
  const namespace = `${context.database}.${name}`
  const started = performance.now()
  let outcome: FindOutcome
  if (verb === 'find') outcome = executeFind(collection, findRequestOf(inner))
  else if (verb === 'count') outcome = executeFind(collection, { filter: optionalDocument(inner, 'query') ?? {}, sort: [], skip: 0, limit: 0 })
  else if (verb === 'aggregate') outcome = runPipeline(context.server.catalog, context.database, collection, optionalArray(inner, 'pipeline') ?? []).pushedDown
  else throw new MongoCommandError('CommandNotFound', `explain is not supported for '${verb}' by the embedded server`)
  return explainReply(namespace, outcome, Math.round(performance.now() - started))
}

export const explainCommands: Record<string, CommandHandler> = { explain }
