/** The error codes a standalone mongod answers with, by name, so replies carry the same codeName. */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  Unauthorized: 13,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotIndexParallelArrays: 171,
  InvalidIdField: 53,
  Location16410: 16410,
  DuplicateKey: 11000,
  UnsupportedOpQueryCommand: 352,
} as const

export type ErrorCodeName = keyof typeof ErrorCodes

/** A failure that becomes `{ ok: 0, errmsg, code, codeName }` (or a write error) on the wire. */
export class MongoCommandError extends Error {
  readonly code: number
  readonly codeName: string
  readonly extra: Record<string, unknown>

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message)
    this.code = ErrorCodes[codeName]
    this.codeName = codeName
    this.extra = extra
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra }
  }

  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra }
  }
}

export function badValue(message: string): MongoCommandError {
  return new MongoCommandError('BadValue', message)
}

/**
 * mingo rejects unknown operators and malformed expressions with plain Errors: those are the client's
 * fault (BadValue). A TypeError or RangeError is ours, and says so (InternalError) instead of blaming the input.
 */
export function asCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error
  const message = error instanceof Error ? error.message : String(error)
  const isOurBug = error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError
  return new MongoCommandError(isOurBug ? 'InternalError' : 'BadValue', message)
}
