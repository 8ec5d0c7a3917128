import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Placeholder until the attachments module (issue 23, attach23) lands, with its signature:
 * the inbound pipeline already hands each parsed file here, in its own transaction.
 * Whoever merges second keeps attach23's implementation of this file.
 */
export interface IncomingFile {
  filename: string
  contentType: string
  content: Buffer
  inline?: boolean
  contentId?: string
}

export async function attachFiles(
  _messageId: number,
  _files: IncomingFile[],
  _outer?: TransactionClientContract
): Promise<{ attached: unknown[]; refused: string[] }> {
  return { attached: [], refused: [] }
}
