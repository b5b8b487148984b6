import { describe, expect, it } from 'vitest'
import { appendToChangeJournal, ChangeJournalReader, collectChanges } from '../../../server/domain/change-journal.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'

const { freshDb } = useEmbeddedDatabase()

describe('the change journal', () => {
  it('collects a run\'s announcements once per creator', () => {
    const changes = collectChanges()
    for (const creatorId of ['cr_a', 'cr_b', 'cr_a']) changes.onChange({ kind: 'creator', creatorId })
    changes.onChange({ kind: 'ranking', date: new Date(0), category: 'overall', period: '7d' })
    expect(changes.take().map(change => change.kind === 'creator' ? change.creatorId : change.kind)).toEqual(['cr_a', 'cr_b', 'ranking'])
    expect(changes.take()).toEqual([])
  })

  it('hands each reader the other writers\' entries once, in order, and skips its own', async () => {
    const db = await freshDb()
    const reader = new ChangeJournalReader('me', 30_000, new Date(Date.now() - 1000))
    await appendToChangeJournal(db, 'me', [{ kind: 'creator', creatorId: 'cr_mine' }])
    await appendToChangeJournal(db, 'cli', [{ kind: 'creator', creatorId: 'cr_x' }, { kind: 'creator', creatorId: 'cr_x' }])
    await appendToChangeJournal(db, 'cli', [])
    expect(await reader.readNew(db)).toEqual([{ kind: 'creator', creatorId: 'cr_x' }])
    expect(await reader.readNew(db)).toEqual([])
    await appendToChangeJournal(db, 'worker', [{ kind: 'ranking', date: new Date(), category: 'music', period: '30d' }])
    expect((await reader.readNew(db)).map(change => change.kind)).toEqual(['ranking'])
  })

  it('still sees an entry stamped up to the allowed skew before its last look (a writer whose clock is behind)', async () => {
    const db = await freshDb()
    const reader = new ChangeJournalReader('me', 30_000)
    await appendToChangeJournal(db, 'fast-clock', [{ kind: 'creator', creatorId: 'cr_first' }])
    expect(await reader.readNew(db)).toHaveLength(1)
    await db.collection('change_journal').insertOne({ writer: 'slow-clock', at: new Date(Date.now() - 20_000), creatorIds: ['cr_late'], rankings: false })
    expect(await reader.readNew(db)).toEqual([{ kind: 'creator', creatorId: 'cr_late' }])
  })
})
