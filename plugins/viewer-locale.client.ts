/**
 * After hydration: the viewer's own locale and clock for numbers and dates (see useFormatters).
 * Not on 'app:mounted': that hook can run before the suspended page (async setup) has hydrated, and a
 * relative time re-rendered with the viewer's clock ("4 hours ago" instead of the cached page's
 * "3 hours ago") then fails hydration. onNuxtReady runs once hydration is complete.
 */
export default defineNuxtPlugin(() => {
  onNuxtReady(() => {
    const locale = useState('viewer-locale')
    const now = useState('viewer-now')
    try {
      locale.value = Intl.getCanonicalLocales(navigator.language)[0] ?? 'en'
    }
    catch {
      // An odd navigator.language: keep English.
    }
    now.value = Date.now()
  })
})
