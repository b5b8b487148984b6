/** After hydration: the viewer's own locale and clock for numbers and dates (see useFormatters). */
export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.hook('app:mounted', () => {
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
