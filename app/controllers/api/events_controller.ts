import type { HttpContext } from '@adonisjs/core/http'
import { checkTrackedEvents, trackBatchValidator } from '#validators/experiment_api'
import { summarizeTracking, trackEvents } from '#services/experiments'

/** Event tracking (ability `track`). A 2xx answer means accepted events are committed. */
export default class EventsController {
  /** POST /api/experiments/track — one event: 201 accepted, 200 duplicate, 4xx rejected. */
  async track({ request, response }: HttpContext) {
    const [result] = await trackEvents(await checkTrackedEvents([request.body()]))
    if (result.status === 'rejected') {
      const status =
        result.reason === 'invalid' ? 422 : result.reason === 'unknown_experiment' ? 404 : 409
      return response.status(status).send({
        success: false,
        error: {
          code: result.reason,
          message: result.message,
          ...(result.fields ? { fields: result.fields } : {}),
        },
      })
    }
    return response
      .status(result.status === 'accepted' ? 201 : 200)
      .send({ success: true, data: { status: result.status } })
  }

  /**
   * POST /api/experiments/track/batch — up to 1,000 events; each is answered on its own
   * (accepted, duplicate, or rejected with a reason), so one bad event never sinks the rest.
   */
  async batch({ request }: HttpContext) {
    const { events } = await trackBatchValidator.validate(request.body())
    const results = await trackEvents(await checkTrackedEvents(events))
    return { success: true, data: { ...summarizeTracking(results), results } }
  }
}
