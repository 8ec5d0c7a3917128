/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
|
| Registers the TypeScript loader, then hands over to bin/console.ts.
| The production build ships its own ace.js without the loader.
|
*/
import '@poppinss/ts-exec'

await import('./bin/console.js')
