import env from '#start/env'

/**
 * What a ticket accepts as a file. The type comes from the file name's extension (the
 * sender's declared type is only a fallback for nameless inline images), so a file is
 * never served as something more dangerous than its name says: no HTML, SVG or scripts.
 */
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  eml: 'message/rfc822',
}

export const ALLOWED_EXTENSIONS = Object.keys(TYPES)

export function attachmentLimits() {
  return {
    maxBytes: Math.round((env.get('ATTACHMENT_MAX_MB') ?? 10) * 1024 * 1024),
    maxCount: env.get('ATTACHMENT_MAX_COUNT') ?? 10,
  }
}

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase()

/**
 * A name safe to show and to put in a Content-Disposition header: no folders, control
 * or reserved characters, at most 120 characters with the extension kept.
 */
export function sanitizeFilename(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? ''
  let name = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*;]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '')
  if (name.length > 120) {
    const ext = extensionOf(name)
    const tail = ext && ext.length < 10 ? `.${ext}` : ''
    name = name.slice(0, 120 - tail.length) + tail
  }
  return name || 'attachment'
}

export interface CheckedFile {
  filename: string
  contentType: string
}

/**
 * The stored name and type of a file, or why it is refused. A nameless inline image of an
 * allowed type gets a name from its type.
 */
export function checkFile(
  file: { filename: string; contentType: string; size: number },
  maxBytes = attachmentLimits().maxBytes
): CheckedFile | { refused: string } {
  let filename = sanitizeFilename(file.filename)
  let ext = extensionOf(filename)
  if (!ext || !TYPES[ext]) {
    const declared = file.contentType.split(';')[0].trim().toLowerCase()
    const fromType = Object.keys(TYPES).find((key) => TYPES[key] === declared)
    if (fromType && (!ext || filename === 'attachment')) {
      ext = fromType
      filename = `${filename}.${ext}`
    }
  }
  if (!ext || !TYPES[ext]) {
    return { refused: `${filename}: files of this type are not accepted.` }
  }
  if (file.size === 0) return { refused: `${filename} is empty.` }
  if (file.size > maxBytes) {
    return { refused: `${filename} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.` }
  }
  return { filename, contentType: TYPES[ext] }
}
