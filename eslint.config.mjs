import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt({
  rules: {
    // It rejects `Promise.withResolvers<void>()`, the idiomatic way to make a Promise<void>.
    '@typescript-eslint/no-invalid-void-type': 'off',
  },
})
