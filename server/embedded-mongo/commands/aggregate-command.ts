import { MongoCommandError } from '../errors.ts'
import { runPipeline } from '../engine/run-pipeline.ts'
import { optionalArray, optionalDocument, optionalNumber, targetCollection } from './command-arguments.ts'
import type { CommandHandler } from './command-context.ts'

const aggregate: CommandHandler = (command, context) => {
  if (typeof command.aggregate !== 'string') {
    throw new MongoCommandError('InvalidNamespace', 'The embedded server supports aggregate on a collection only ({aggregate: 1} database pipelines are not supported)')
  }
  const name = targetCollection(command)
  const pipeline = optionalArray(command, 'pipeline')
  if (!pipeline) throw new MongoCommandError('FailedToParse', 'BSON field \'aggregate.pipeline\' is missing but a required field')
  const cursorOptions = optionalDocument(command, 'cursor')
  if (!cursorOptions) throw new MongoCommandError('FailedToParse', 'The \'cursor\' option is required, except for aggregate with the explain argument')
  const { catalog, cursors } = context.server
  const { documents } = runPipeline(catalog, context.database, catalog.getCollection(context.database, name), pipeline, optionalDocument(command, 'let'))
  return cursors.firstPage(`${context.database}.${name}`, documents, optionalNumber(cursorOptions, 'batchSize', { min: 0 }))
}

export const aggregateCommands: Record<string, CommandHandler> = { aggregate }
