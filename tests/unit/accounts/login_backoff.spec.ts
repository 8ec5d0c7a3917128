import { test } from '@japa/runner'
import { accountPauseSeconds } from '#services/accounts/login_limits'

test.group('Sign-in / account backoff', () => {
  test('{failures} failures in a day: the account pauses {minutes} min')
    .with([
      { failures: 4, minutes: 0 },
      { failures: 5, minutes: 1 },
      { failures: 6, minutes: 2 },
      { failures: 7, minutes: 4 },
      { failures: 8, minutes: 8 },
      { failures: 9, minutes: 15 },
      { failures: 50, minutes: 15 },
    ])
    .run(({ assert }, { failures, minutes }) => {
      assert.equal(accountPauseSeconds(failures), minutes * 60)
    })
})
