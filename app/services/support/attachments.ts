/**
 * Placeholder until the attachments module (issue 23, attach23) lands: the inbound
 * pipeline already hands each parsed file here. Whoever merges second keeps attach23's
 * implementation of this function.
 */
export interface IncomingFile {
  filename: string
  contentType: string
  content: Buffer
  inline?: boolean
  contentId?: string
}

export async function attachFiles(_messageId: number, _files: IncomingFile[]): Promise<void> {}
