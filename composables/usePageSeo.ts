interface PageSeo {
  title: string
  description: string
  /** The page's path, for its canonical URL: "/creators/jonas-learns". */
  path: string
  /** An absolute or site-relative image for link previews. */
  image?: string
}

/** Title, description, canonical URL, Open Graph and Twitter card of a page, from NUXT_PUBLIC_SITE_URL. */
export function usePageSeo(seo: MaybeRefOrGetter<PageSeo>) {
  const siteUrl = useRuntimeConfig().public.siteUrl.replace(/\/+$/, '')
  const page = computed(() => toValue(seo))
  const absolute = (path: string) => /^https?:\/\//.test(path) ? path : `${siteUrl}${path}`
  useHead({ link: [{ rel: 'canonical', href: () => absolute(page.value.path) }] })
  useSeoMeta({
    title: () => page.value.title,
    description: () => page.value.description,
    ogTitle: () => page.value.title,
    ogDescription: () => page.value.description,
    ogUrl: () => absolute(page.value.path),
    ogType: 'website',
    ogSiteName: 'Creatorino',
    ogImage: () => page.value.image ? absolute(page.value.image) : undefined,
    twitterCard: () => page.value.image ? 'summary_large_image' : 'summary',
    twitterTitle: () => page.value.title,
    twitterDescription: () => page.value.description,
  })
}
