import type { HttpContext } from '@adonisjs/core/http'
import { featureFlagValidator } from '#validators/experiment_api'
import { evaluateFlags } from '#services/experiments'
import { subjectFromContext } from '#evaluation/subject'

/** POST /api/experiments/feature-flag (ability `evaluate`), Pitchey shape. */
export default class FeatureFlagsController {
  async evaluate({ request }: HttpContext) {
    const { flagKey, defaultValue, userContext } = await featureFlagValidator.validate(
      request.body()
    )
    const [answer] = await evaluateFlags([flagKey], subjectFromContext(userContext))
    const fellBack = !answer.found || answer.value === undefined
    return {
      success: true,
      data: {
        flagKey,
        value: fellBack ? (defaultValue ?? null) : answer.value,
        defaultValue: defaultValue ?? null,
        reason: answer.found ? answer.reason : 'flag_not_found',
        ...(answer.variant ? { variant: answer.variant } : {}),
      },
    }
  }
}
