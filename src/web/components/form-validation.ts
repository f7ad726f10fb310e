/**
 * For `form.validateFields().then(submit, ignoreInvalid)`: a form with an invalid field rejects with its errors,
 * which the form already shows beside the fields, so there is nothing more to do. Left unhandled, that rejection
 * is an uncaught error in the page (the journeys' console check failed on it). Anything else is rethrown.
 */
export function ignoreInvalid(reason: unknown): void {
  if (reason && typeof reason === 'object' && 'errorFields' in reason) return;
  throw reason;
}
