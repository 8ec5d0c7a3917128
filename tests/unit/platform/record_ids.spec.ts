import { test } from '@japa/runner'
import { recordId } from '#services/platform'

test.group('Record ids', () => {
  test('{$self} names a row')
    .with(['1', '42', '999999999', '1000000000', '2147483647', 2147483647, 7])
    .run(({ assert }, value) => {
      assert.equal(recordId(value), Number(value))
    })

  test('{$self} names none')
    .with([
      '0',
      '-1',
      '01',
      '1.5',
      '1e3',
      'abc',
      '',
      ' 1',
      '2147483648',
      '2147483650',
      '9999999999',
      '99999999999999999999',
      1.5,
      2 ** 31,
      null,
      undefined,
    ])
    .run(({ assert }, value) => {
      assert.isNull(recordId(value))
    })
})
