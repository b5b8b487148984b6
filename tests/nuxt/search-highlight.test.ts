import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import SearchHighlight from '~/components/search/SearchHighlight.vue'

const marked = async (text: string, query: string) => {
  const wrapper = await mountSuspended(SearchHighlight, { props: { text, query } })
  return wrapper.findAll('mark').map(mark => mark.text())
}

describe('the search highlight', () => {
  it.each([
    ['Jonas Learns', 'jon', ['Jon']],
    ['Chloé Cooks', 'chloe', ['Chloé']],
    ['Alex Respawn', 'alex resp', ['Alex', 'Resp']],
    ['Alex Respawn', 'spawn', []],
    ['Björn Plays', 'BJÖ', ['Bjö']],
  ])('marks in "%s" what "%s" matched at word starts', async (text, query, expected) => {
    expect(await marked(text, query)).toEqual(expected)
  })

  it('keeps the whole name readable', async () => {
    const wrapper = await mountSuspended(SearchHighlight, { props: { text: 'Jonas Learns', query: 'le' } })
    expect(wrapper.text()).toBe('Jonas Learns')
  })
})
