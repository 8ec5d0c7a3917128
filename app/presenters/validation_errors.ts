import { errors as vineErrors } from '@vinejs/vine'

interface LineLogger {
  error(message: string): void
}

/**
 * Prints VineJS validation messages one per line ("email: Enter a valid email address")
 * for ace commands. Returns false when `error` is not a validation error.
 */
export function printValidationErrors(error: unknown, logger: LineLogger) {
  if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) return false
  for (const message of error.messages as { field: string; message: string }[]) {
    logger.error(`${message.field}: ${message.message}`)
  }
  return true
}
