import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { meanSampleSizeValidator, sampleSizeValidator } from '#validators/experiment'
import { planMeansSampleSize, planSampleSize } from '#services/experiments'

/** The sample-size calculator: a page, and the htmx partial it and the experiment form use. */
export default class SampleSizeController {
  /** The standalone calculator page (its result is the same partial as below). */
  async page({ view }: HttpContext) {
    return view.render('pages/experiments/calculator')
  }

  async show({ request, view }: HttpContext) {
    if (request.qs().metric === 'mean') return this.means(request.qs(), view)
    try {
      const q = await sampleSizeValidator.validate(request.qs())
      const variants = q.variants ?? 2
      const plan = planSampleSize({
        baseline: q.baselinePercent / 100,
        mde: q.mdePercent / 100,
        mdeType: q.mdeType ?? 'relative',
        alpha: q.significanceLevel ?? 0.05,
        power: q.power ?? 0.8,
        variants,
        dailyTraffic: q.dailyTraffic ?? null,
        trafficAllocation: (q.trafficPercent ?? 100) / 100,
      })
      return view.render('partials/experiments/sample_size', { plan, variants })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const first = (error.messages as { message: string }[])[0]
      return view.render('partials/experiments/sample_size', { plan: { error: first.message } })
    }
  }

  /** The calculator's mean-metric form (relative effects typed in %, absolute in the unit). */
  private async means(qs: Record<string, unknown>, view: HttpContext['view']) {
    const [error, q] = await meanSampleSizeValidator.tryValidate(qs)
    if (error) {
      const first = (error.messages as { message: string }[])[0]
      return view.render('partials/experiments/sample_size_means', {
        plan: { error: first.message },
      })
    }
    const mdeType = q.mdeType ?? 'relative'
    const variants = q.variants ?? 2
    const plan = planMeansSampleSize({
      baselineMean: q.baselineMean,
      sd: q.sd,
      mde: mdeType === 'relative' ? q.mde / 100 : q.mde,
      mdeType,
      alpha: q.significanceLevel ?? 0.05,
      power: q.power ?? 0.8,
      variants,
      dailyTraffic: q.dailyTraffic ?? null,
    })
    return view.render('partials/experiments/sample_size_means', { plan, variants })
  }
}
