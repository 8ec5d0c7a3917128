import i18nManager from '@adonisjs/i18n/services/main'
import env from '#start/env'

/** The name mails and the preferences page sign with. */
export function brandName() {
  return env.get('HELP_CENTER_NAME') || 'Help Center'
}

/** A supported language for a stored or requested one (falls back to English). */
export function supportedLanguage(language: string | null | undefined) {
  return i18nManager.getSupportedLocaleFor(language ?? 'en') ?? i18nManager.defaultLocale
}

let loaded: Promise<void> | undefined

/**
 * `t(key, data)` over one namespace of resources/lang in one language, with `{brand}`
 * always available. The web process loads translations at boot; ace commands and queue
 * jobs may not have, hence the one-time load.
 */
export async function translator(language: string | null | undefined, namespace: string) {
  loaded ??= i18nManager.loadTranslations()
  await loaded
  const i18n = i18nManager.locale(supportedLanguage(language))
  return {
    locale: i18n.locale,
    t: (key: string, data: Record<string, unknown> = {}) =>
      i18n.t(`${namespace}.${key}`, { brand: brandName(), ...data }),
  }
}
