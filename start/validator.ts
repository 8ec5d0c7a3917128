/*
|--------------------------------------------------------------------------
| Validation messages
|--------------------------------------------------------------------------
|
| Friendlier wording than VineJS's defaults for the rules our forms use, and
| human names for camelCase fields. Other rules keep VineJS's default text.
|
*/
import vine, { SimpleMessagesProvider } from '@vinejs/vine'

vine.messagesProvider = new SimpleMessagesProvider(
  {
    'required': 'The {{ field }} is required',
    'email': 'Enter a valid email address',
    'minLength': 'The {{ field }} must have at least {{ min }} characters',
    'maxLength': 'The {{ field }} must have at most {{ max }} characters',
    'enum': 'The {{ field }} must be one of: {{ choices }}',
    'confirmed': 'The two passwords do not match',
    'database.unique': 'This {{ field }} is already taken',
    'expiresInDays.in': 'The expiry must be one of: {{ values }} days',
    'array.minLength': 'Choose at least {{ min }} {{ field }}',
    'abilities.*.enum': 'Unknown ability; choose from: {{ choices }}',
    'Idempotency-Key.regex': 'The Idempotency-Key must be printable ASCII characters',
    'submission_key.regex': 'The form is out of date; reload the page and send it again',
  },
  {
    fullName: 'full name',
    passwordConfirmation: 'password confirmation',
    expiresInDays: 'expiry',
    abilities: 'ability',
  }
)
