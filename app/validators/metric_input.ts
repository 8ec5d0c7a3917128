/**
 * The library metric form (resources/views/partials/experiments/metric_form.edge) as the
 * canonical shape of app/validators/metric.ts: blank fields absent, the cap from its type
 * and value (a percentile as a percentage), CUPED from its checkbox and lookback.
 */
import { DEFAULT_CUPED_DAYS } from '#evaluation/metrics'

type Raw = Record<string, any>

const isBlank = (value: unknown) => value === undefined || value === null || value === ''
const number = (value: unknown) => (isBlank(value) ? undefined : Number(value))

export function metricFromForm(body: Raw): Raw {
  const capValue = number(body.capValue)
  const canonical: Raw = {
    key: isBlank(body.key) ? undefined : body.key,
    name: body.name,
    description: isBlank(body.description) ? null : body.description,
    event: body.event,
    kind: body.kind,
    higherIsBetter: body.direction !== 'down',
    unit: isBlank(body.unit) ? undefined : body.unit,
    windowHours: number(body.windowHours),
    cap:
      body.capType === 'fixed' || body.capType === 'percentile'
        ? {
            type: body.capType,
            value:
              body.capType === 'percentile' && capValue !== undefined ? capValue / 100 : capValue,
          }
        : undefined,
    cupedDays: body.cuped === 'on' ? (number(body.cupedDays) ?? DEFAULT_CUPED_DAYS) : undefined,
    numerator: isBlank(body.numerator) ? undefined : body.numerator,
    denominatorEvent: isBlank(body.denominatorEvent) ? undefined : body.denominatorEvent,
    denominator: isBlank(body.denominator) ? undefined : body.denominator,
    retentionDay: body.kind === 'retention' ? number(body.retentionDay) : undefined,
    quantile:
      body.kind === 'quantile'
        ? number(body.quantilePercent) && number(body.quantilePercent)! / 100
        : undefined,
  }
  for (const key of Object.keys(canonical)) if (canonical[key] === undefined) delete canonical[key]
  return canonical
}
