import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'

/** Email templates and the preferences page are translated; see resources/lang. */
const i18nConfig = defineConfig({
  defaultLocale: 'en',
  supportedLocales: ['en', 'es'],
  formatter: formatters.icu(),
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})

export default i18nConfig
