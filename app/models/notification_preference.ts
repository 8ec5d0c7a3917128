import { NotificationPreferenceSchema } from '#database/schema'

export default class NotificationPreference extends NotificationPreferenceSchema {}
