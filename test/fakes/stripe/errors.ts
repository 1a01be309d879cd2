/** Stripe's error object: `{ error: { type, code?, message, param? } }` with the matching HTTP status. */
export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error';

export class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toBody(): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.code) error.code = this.code;
    if (this.param) error.param = this.param;
    if (this.code) error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    return { error };
  }
}

export const missingParam = (param: string) =>
  new StripeFakeError(400, 'invalid_request_error', `Missing required param: ${param}.`, 'parameter_missing', param);

export const unknownParam = (param: string) =>
  new StripeFakeError(
    400,
    'invalid_request_error',
    `Received unknown parameter: ${param}`,
    'parameter_unknown',
    param,
  );

export const invalidParam = (param: string, message: string, code = 'parameter_invalid_string') =>
  new StripeFakeError(400, 'invalid_request_error', message, code, param);

/** Stripe answers a missing id in the path with 404, and a missing id in a parameter with 400. */
export const noSuch = (object: string, id: string, param = 'id', status = 404) =>
  new StripeFakeError(status, 'invalid_request_error', `No such ${object}: '${id}'`, 'resource_missing', param);

/** What `failNext(n, status)` answers when the test names no code. */
export function errorForStatus(status: number, code?: string): StripeFakeError {
  switch (status) {
    case 400:
      return new StripeFakeError(400, 'invalid_request_error', 'Invalid request (simulated by the fake).', code ?? 'parameter_invalid_empty');
    case 401:
      return new StripeFakeError(401, 'authentication_error', 'Invalid API Key provided.', code);
    case 402:
      return new StripeFakeError(402, 'card_error', 'Your card was declined.', code ?? 'card_declined');
    case 403:
      return new StripeFakeError(403, 'invalid_request_error', 'The provided key does not have the required permissions for this endpoint.', code ?? 'secret_key_required');
    case 404:
      return new StripeFakeError(404, 'invalid_request_error', 'No such object (simulated by the fake).', code ?? 'resource_missing');
    case 409:
      return new StripeFakeError(409, 'invalid_request_error', 'There is currently another in-progress request using this idempotent key. Please try again later.', code ?? 'idempotency_key_in_use');
    case 429:
      return new StripeFakeError(429, 'rate_limit_error', 'Too many requests hit the API too quickly.', code ?? 'rate_limit');
    default:
      return new StripeFakeError(status, 'api_error', 'An unknown error occurred (simulated by the fake).', code);
  }
}
