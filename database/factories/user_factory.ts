import factory from '@adonisjs/lucid/factories'
import User from '#models/user'

export const TEST_PASSWORD = 'correct-horse-battery'

export const UserFactory = factory
  .define(User, ({ faker }) => ({
    fullName: faker.person.fullName(),
    email: faker.internet.email().toLowerCase(),
    password: TEST_PASSWORD,
    role: 'agent' as const,
  }))
  .state('admin', (user) => {
    user.role = 'admin'
  })
  .build()
