import type { HttpContext } from '@adonisjs/core/http'
import { powerAnalysisValidator } from '#validators/experiment_api'
import { analyzePower } from '#services/experiments'
import { DomainError } from '#exceptions/domain_error'

/** GET /api/experiments/sample-size — power analysis: sample size, MDE or power (`manage`). */
export default class SampleSizeController {
  async show({ request }: HttpContext) {
    const q = await powerAnalysisValidator.validate(request.qs())
    const answer = analyzePower({
      metric: q.metric ?? 'proportion',
      baseline: q.baseline,
      sd: q.sd,
      mde: q.mde,
      mdeType: q.mdeType ?? 'relative',
      sampleSizePerVariant: q.sampleSize,
      alpha: q.significanceLevel ?? 0.05,
      power: q.statisticalPower ?? 0.8,
      variants: q.variants ?? 2,
      dailyTraffic: q.dailyTraffic ?? null,
      trafficAllocation: q.trafficAllocation ?? 1,
    })
    if ('error' in answer) throw new DomainError(answer.error, 'no_answer')
    return { success: true, data: answer }
  }
}
