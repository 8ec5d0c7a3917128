import { readdirSync } from 'node:fs'
import { configApp } from '@adonisjs/eslint-config'

/*
 * (Patterns are regular expressions: in the glob form a leading "#" starts a comment.)
 *
 * The walls of docs/architecture.md, enforced. Each domain of app/services has one face,
 * app/services/<domain>.ts; its folder holds internals that only the domain itself uses.
 * Tests may reach internals. One rule block per file set: ESLint does not merge the
 * options of a rule that two blocks configure for the same file.
 */
const DOMAINS = readdirSync(new URL('./app/services', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

const THROUGH_FACES = 'Use the domain through its face (#services/<domain>), not its internals.'

const NO_ADAPTERS = {
  regex: '^#(controllers|validators|presenters|transformers)/|^@adonisjs/core/http$',
  message:
    'Domains, models and the pure libraries know nothing of HTTP or of the adapters above them ' +
    '(controllers, validators, presenters, transformers): take and return plain values.',
}

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })

export default configApp(
  { ignores: ['tmp/**', 'database/schema.ts'] },
  {
    name: 'Faces only, outside app/services',
    files: ['**/*.ts'],
    ignores: ['app/services/**', 'tests/**', 'app/models/**', 'app/stats/**', 'app/evaluation/**'],
    rules: restrict({
      regex: '^#services/[^/]+/|^\\.\\.?/(.*/)?services/[^/]+/',
      message: THROUGH_FACES,
    }),
  },
  ...DOMAINS.map((domain) => ({
    name: `The ${domain} domain: its own internals, other domains' faces`,
    files: [`app/services/${domain}/**/*.ts`, `app/services/${domain}.ts`],
    rules: restrict(
      {
        regex: `^#services/(?!${domain}/)[^/]+/`,
        message: `${THROUGH_FACES} Another domain's internals are not the ${domain} domain's to use.`,
      },
      NO_ADAPTERS
    ),
  })),
  {
    name: 'Models are persistence only',
    files: ['app/models/**/*.ts'],
    rules: restrict(
      {
        regex: '^#services/',
        message: 'Models import no service: shared types live in app/evaluation or beside the model.',
      },
      NO_ADAPTERS
    ),
  },
  {
    name: 'Pure libraries',
    files: ['app/stats/**/*.ts', 'app/evaluation/**/*.ts'],
    rules: restrict({
      regex: '^(?!\\./[\\w.-]+$|jstat$)',
      message:
        'app/stats and app/evaluation are pure libraries: they import only their own files and jstat.',
    }),
  }
)
