import { BSON, type Document } from 'bson'
import { withIdFirstBytes } from '../wire/id-first-bytes.ts'
import { deepFreeze } from './document-copy.ts'
import { readTopLevelFields, type FieldNames } from './top-level-fields.ts'

/**
 * A document as stored: the BSON it was written as (for an insert, the bytes the client sent) and,
 * once read, its decoded and frozen form, kept for later reads. So a write decodes nothing and leaves
 * the garbage collector nothing to copy, and each document is decoded at most once, when first read.
 * The decoded form is shared by every reader, which is why it is frozen. It has _id first, as mongod
 * stores documents, though the driver sends a generated _id last.
 */
export class StoredDocument {
  /** The primary key (idKey of its _id). */
  readonly key: string
  readonly bytes: Uint8Array
  private decoded: Document | undefined

  constructor(key: string, bytes: Uint8Array, decoded?: Document) {
    this.key = key
    this.bytes = bytes
    this.decoded = decoded === undefined ? undefined : deepFreeze(decoded)
  }

  get document(): Document {
    return this.decoded ??= deepFreeze(BSON.deserialize(withIdFirstBytes(this.bytes)))
  }

  get isDecoded(): boolean {
    return this.decoded !== undefined
  }

  /**
   * What an index or a query needs of the document: the decoded document once there is one, otherwise
   * only the named top-level fields, read from the bytes; decoded after all when they cannot be read
   * that way, or when `fields` is undefined (the whole document is needed).
   */
  view(fields: FieldNames | undefined): Document {
    if (this.decoded !== undefined || !fields) return this.document
    return readTopLevelFields(this.bytes, fields) ?? this.document
  }
}
