import { defineConfig } from '@adonisjs/transmit'

export default defineConfig({
  // Proxies close idle streams; a ping every 30 s keeps the SSE connection open.
  pingInterval: '30s',
  transport: null,
})
