import { BaseEvent } from '@adonisjs/core/events'
import emitter from '@adonisjs/core/services/emitter'

/**
 * A fact one domain publishes for others to react to, inside the writer's transaction:
 * listeners run one after another, and a listener that fails fails the write, so what the
 * reaction records (a queued notification, say) commits together with the change or not
 * at all.
 */
export class DomainEvent extends BaseEvent {
  static async publish<T extends typeof DomainEvent>(this: T, ...args: ConstructorParameters<T>) {
    await emitter.emitSerial<T>(this, new this(...args) as InstanceType<T>)
  }
}
