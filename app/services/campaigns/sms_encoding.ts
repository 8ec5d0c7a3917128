/**
 * How an SMS text travels (GSM 03.38): GSM-7 when every character is in the GSM basic set
 * or its extension table (extension characters take two septets), otherwise UCS-2 (UTF-16
 * code units, so an emoji counts two). One message holds 160 septets or 70 code units; a
 * longer text is split into segments of 153 or 67, the rest carrying the concatenation
 * header. Pure: the create form's counter and the API use the same numbers.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM_EXTENSION = '^{}\\[~]|€\f'

const basic = new Set(GSM_BASIC)
const extension = new Set(GSM_EXTENSION)

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export interface SmsCount {
  encoding: SmsEncoding
  /** Characters as a person counts them (code points). */
  characters: number
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number
  segments: number
  /** Units per segment at this length: 160/70 for one, 153/67 when concatenated. */
  perSegment: number
  /** Units left before the next segment starts. */
  remaining: number
}

export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) {
    if (!basic.has(char) && !extension.has(char)) return 'UCS-2'
  }
  return 'GSM-7'
}

export function countSms(text: string): SmsCount {
  const encoding = smsEncoding(text)
  let units = 0
  if (encoding === 'GSM-7') {
    for (const char of text) units += extension.has(char) ? 2 : 1
  } else {
    units = text.length
  }
  const single = encoding === 'GSM-7' ? 160 : 70
  const multi = encoding === 'GSM-7' ? 153 : 67
  const perSegment = units <= single ? single : multi
  const segments = units === 0 ? 0 : Math.ceil(units / perSegment)
  return {
    encoding,
    characters: [...text].length,
    units,
    segments,
    perSegment,
    remaining: Math.max(segments, 1) * perSegment - units,
  }
}
