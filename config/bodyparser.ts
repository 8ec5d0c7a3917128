import env from '#start/env'
import { defineConfig } from '@adonisjs/core/bodyparser'

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
    limit: '1mb',
  },
  json: {
    convertEmptyStringsToNull: true,
    // text/plain: navigator.sendBeacon posts JSON with this CORS-safelisted type.
    types: [
      'text/plain',
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
    limit: '1mb',
  },
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: true,
    processManually: [],
    // Room for a message's files at their limits (docs/operations.md), plus the text.
    limit: `${(env.get('ATTACHMENT_MAX_MB') ?? 10) * (env.get('ATTACHMENT_MAX_COUNT') ?? 10) + 1}mb`,
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
