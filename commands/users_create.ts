import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { printValidationErrors } from '#presenters/validation_errors'

/**
 * Creates a person who can sign in, for operators (first admin of a production install).
 *   node ace users:create --email=a@b.c --name="Ada Admin" --role=admin
 *   echo "$PASSWORD" | node ace users:create ... --password-stdin
 */
export default class UsersCreate extends BaseCommand {
  static commandName = 'users:create'
  static description = 'Create a user (admin or agent) who can sign in'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email address (the login)', required: true })
  declare email: string

  @flags.string({ description: 'Full name', required: true })
  declare name: string

  @flags.string({ description: 'Role: admin or agent', default: 'agent' })
  declare role: string

  @flags.boolean({ description: 'Read the password from standard input instead of prompting' })
  declare passwordStdin: boolean

  async run() {
    const { createUserValidator } = await import('#validators/user')
    const { createUser } = await import('#services/accounts')

    const password = this.passwordStdin ? await this.readStdin() : await this.promptPassword()
    if (password === null) return

    try {
      const data = await createUserValidator.validate({
        fullName: this.name,
        email: this.email,
        role: this.role,
        password,
      })
      if (!data.password) {
        this.logger.error('A password is required (at least 10 characters).')
        this.exitCode = 1
        return
      }
      const user = await createUser(data)
      this.logger.success(`Created ${user.role} ${user.email} (id ${user.id})`)
    } catch (error) {
      if (!printValidationErrors(error, this.logger)) throw error
      this.exitCode = 1
    }
  }

  private async readStdin() {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '')
  }

  private async promptPassword() {
    if (!process.stdin.isTTY) {
      this.logger.error('No terminal to prompt on: pipe the password with --password-stdin.')
      this.exitCode = 1
      return null
    }
    const first = await this.prompt.secure('Password (at least 10 characters)')
    const second = await this.prompt.secure('Repeat the password')
    if (first !== second) {
      this.logger.error('The passwords do not match.')
      this.exitCode = 1
      return null
    }
    return first
  }
}
