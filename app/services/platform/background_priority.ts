import { setPriority } from 'node:os'

/**
 * Background processes (the queue worker, `mail:fetch`) lower their CPU priority (nice) on
 * start: where they share cores with the web server, the kernel then serves web requests
 * first and gives the background work what is left, so a burst of mail slows the fetch
 * instead of the inbox (bench/README.md, IMAP fetch). Raising one's own nice value needs no
 * privilege. It applies to the process's main thread, where the work runs; PostgreSQL's
 * backends keep their own priority. `niceness` 0 leaves the priority alone.
 */
export function lowerProcessPriority(niceness: number) {
  if (niceness <= 0) return
  setPriority(Math.min(niceness, 19))
}
