import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Search reads the search vector of each of its 500 candidate tickets (to check the whole
 * query and rank the match). A ticket row over about 2 kB had its largest value moved out
 * of line into the TOAST table, and that was the search vector (it holds the messages'
 * vector and more): 46 % of the benchmark's tickets, each read then costing a TOAST index
 * lookup, twice per candidate. With MAIN storage the search vector stays in the row and
 * the messages' vector, read only when a ticket is written, moves out instead; a search's
 * candidates took 1.4–1.8 ms instead of 5.4–6.1 ms (bench/README.md). Existing rows keep
 * their layout until rewritten (`VACUUM FULL tickets`, docs/operations.md).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE tickets ALTER COLUMN search_vector SET STORAGE MAIN')
  }

  async down() {
    this.schema.raw('ALTER TABLE tickets ALTER COLUMN search_vector SET STORAGE EXTENDED')
  }
}
