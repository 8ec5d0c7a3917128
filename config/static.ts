import { defineConfig } from '@adonisjs/static'

/**
 * Vite's build output (`public/assets`) names each file after a hash of its content
 * (`app-B1x9Qz3c.js`): a changed file gets a new address, so browsers may keep these for a
 * year without asking again. Other files in `public/` keep the default revalidation.
 */
const HASHED_ASSET = /[\\/]public[\\/]assets[\\/](?:.+[\\/])?[^\\/]+-[\w-]{8,}\.[a-z0-9]+$/i

const staticServerConfig = defineConfig({
  enabled: true,
  etag: true,
  lastModified: true,
  dotFiles: 'ignore',
  headers: (path) =>
    HASHED_ASSET.test(path) ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {},
})

export default staticServerConfig
