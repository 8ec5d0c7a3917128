import env from '#start/env'

export type SmsTransportName = 'outbox' | 'twilio' | 'openphone'

/**
 * The SMS transport and its credentials, read when a message is sent (like config/mail.ts,
 * one transport is active). `outbox` keeps every message inside the app (Contacts → SMS
 * outbox), so a fresh install needs no provider account.
 */
export function smsConfig() {
  return {
    transport: env.get('SMS_TRANSPORT', 'outbox') as SmsTransportName,
    twilio: {
      accountSid: env.get('TWILIO_ACCOUNT_SID', ''),
      authToken: env.get('TWILIO_AUTH_TOKEN')?.release() ?? '',
      from: env.get('TWILIO_FROM', ''),
      /** Only tests set it: the loopback Messages endpoint. */
      baseUrl: env.get('TWILIO_API_BASE_URL'),
    },
    openphone: {
      apiKey: env.get('OPENPHONE_API_KEY')?.release() ?? '',
      from: env.get('OPENPHONE_FROM', ''),
      baseUrl: env.get('OPENPHONE_API_BASE_URL', 'https://api.openphone.com'),
      webhookSecret: env.get('OPENPHONE_WEBHOOK_SECRET')?.release() ?? '',
    },
  }
}
