import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import type { TokenAbility } from '#services/accounts/token_abilities'

/** An admin and a bearer token with the given abilities. */
export async function apiToken(abilities: TokenAbility[] = ['manage', 'evaluate', 'track']) {
  const admin = await UserFactory.apply('admin').create()
  const token = await User.accessTokens.create(admin, abilities, { name: 'Test token' })
  return { admin, token: token.value!.release() }
}

/** A running 50/50 experiment created through the service layer. */
export const SAMPLE_EXPERIMENT = {
  key: 'cta-color',
  name: 'Homepage CTA Button Color',
  description: 'Test red vs blue CTA button',
  hypothesis: 'Red button will increase conversion rate by 15%',
  variants: [
    {
      id: 'control',
      name: 'Blue Button',
      trafficAllocation: 0.5,
      config: { buttonColor: '#007bff' },
    },
    {
      id: 'variant_a',
      name: 'Red Button',
      trafficAllocation: 0.5,
      config: { buttonColor: '#dc3545' },
    },
  ],
  trafficAllocation: 1,
  targetingRules: {},
  primaryMetric: 'click_through_rate',
  secondaryMetrics: ['bounce_rate'],
  minimumSampleSize: 1000,
  statisticalPower: 0.8,
  significanceLevel: 0.05,
  tags: ['homepage', 'cta'],
}
