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
  // The BSON lies at [offset, offset + byteLength) of `source`, for an insert its whole message. Kept
  // as numbers rather than as a view: a Buffer view is ~110 bytes of heap, which the garbage collector
  // would copy and mark for every document (with the timeline's three indexes, a stored document and
  // its keys took 476 bytes of heap with the view, 388 without).
  private readonly source: ArrayBufferLike
  private readonly offset: number
  readonly byteLength: number
  private decoded: Document | undefined

  constructor(key: string, bytes: Uint8Array, decoded?: Document) {
    this.key = key
    this.source = bytes.buffer
    this.offset = bytes.byteOffset
    this.byteLength = bytes.byteLength
    this.decoded = decoded === undefined ? undefined : deepFreeze(decoded)
  }

  /** The document's BSON, as it was written: a new view of the stored bytes on each call. */
  get bytes(): Buffer {
    return Buffer.from(this.source, this.offset, this.byteLength)
  }

  /** Whether `bytes` is a view of exactly the stored BSON (an insert's document, stored as it came). */
  isStoredAs(bytes: Uint8Array): boolean {
    return bytes.buffer === this.source && bytes.byteOffset === this.offset && bytes.byteLength === this.byteLength
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
