import { ALLOWED_EXTENSIONS, attachmentLimits } from '#services/support'

/** "840 KB", "2.4 MB": a file's size as people read it. */
export function formatFileSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** What the file inputs accept and say about their limits. */
export function attachmentInput() {
  const { maxBytes, maxCount } = attachmentLimits()
  return {
    accept: ALLOWED_EXTENSIONS.map((ext) => `.${ext}`).join(','),
    hint: `Up to ${maxCount} files, ${formatFileSize(maxBytes)} each: images, PDF, text, office documents, zip.`,
  }
}
