import { Agent } from 'node:http'
import type { ApiRequest } from '@japa/api-client'

/**
 * .env.test trusts X-Forwarded-For from 127.0.0.1 only (TRUSTED_PROXIES), the address the
 * test client connects from: there it plays a reverse proxy. A request sent from this
 * other loopback address is a client talking to the app directly, whose forwarded
 * headers must count for nothing.
 */
const directPeer = new Agent({ localAddress: '127.0.0.2' })

export function fromDirectPeer(request: ApiRequest) {
  request.request.agent(directPeer)
  return request
}

/** A request a trusted proxy forwards for the client at `address`. */
export function fromClient(request: ApiRequest, address: string) {
  return request.header('X-Forwarded-For', address)
}

/** Sends `count` requests made by `make`, one after another; returns their statuses. */
export async function statusesOf(count: number, make: () => ApiRequest) {
  const statuses: number[] = []
  for (let i = 0; i < count; i++) {
    const response = await make()
    statuses.push(response.status())
  }
  return statuses
}
