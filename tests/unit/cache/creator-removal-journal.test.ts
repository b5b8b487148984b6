import { describe, expect, it } from 'vitest'
import { appendToChangeJournal, ChangeJournalReader, collectChanges } from '../../../server/domain/change-journal.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'

const { freshDb } = useEmbeddedDatabase()

describe('a creator removal in the change journal', () => {
  it('is collected once, the removal outweighing other changes of the creator', () => {
    const changes = collectChanges()
    changes.onChange({ kind: 'creator', creatorId: 'cr_a' })
    changes.onChange({ kind: 'creator', creatorId: 'cr_gone', removed: true })
    changes.onChange({ kind: 'creator', creatorId: 'cr_gone' })
    expect(changes.take()).toEqual([{ kind: 'creator', creatorId: 'cr_a' }, { kind: 'creator', creatorId: 'cr_gone', removed: true }])
  })

  it('reaches the other processes as a removal', async () => {
    const db = await freshDb()
    const reader = new ChangeJournalReader('me', 30_000, new Date(Date.now() - 1000))
    await appendToChangeJournal(db, 'admin-process', [{ kind: 'creator', creatorId: 'cr_a' }, { kind: 'creator', creatorId: 'cr_gone', removed: true }])
    expect(await db.collection('change_journal').findOne({}, { projection: { _id: 0, creatorIds: 1, removedCreatorIds: 1 } })).toEqual({ creatorIds: ['cr_a', 'cr_gone'], removedCreatorIds: ['cr_gone'] })
    expect(await reader.readNew(db)).toEqual([{ kind: 'creator', creatorId: 'cr_a' }, { kind: 'creator', creatorId: 'cr_gone', removed: true }])
  })
})
