import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainEvent } from '#events/domain_event'

/** An experiment as other domains hear of it: names and the link to its results. */
export interface ExperimentFacts {
  id: number
  key: string
  name: string
  resultsUrl: string
}

export interface ExperimentAlert {
  kind: 'significant' | 'srm' | 'guardrail'
  /** One sentence, e.g. "Treatment is significantly better than control on signup (+50.0%)." */
  message: string
}

/**
 * A recompute found conditions that were not there before (a significant result, a sample
 * ratio mismatch, a harmed guardrail), after the experiment's minimum sample and age.
 * Published once per appearance, in the transaction that writes the snapshot.
 */
export class ExperimentAlertsRaised extends DomainEvent {
  constructor(
    public experiment: ExperimentFacts,
    public alerts: ExperimentAlert[],
    public trx: TransactionClientContract
  ) {
    super()
  }
}
