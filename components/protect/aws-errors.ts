/**
 * Turns AWS SDK errors into provider errors: the AWS exception name, message and reason are kept
 * (a ValidationException's message is usually the only useful diagnosis), secrets are redacted,
 * and the SDK error itself is not attached, so its request/response never reach Pulumi's output.
 */

/** The AWS exception name of an SDK error (e.g. `ValidationException`), if it has one. */
export function awsErrorName(error: unknown): string | undefined {
  return typeof error === "object" &&
    error !== null &&
    "name" in error &&
    typeof error.name === "string"
    ? error.name
    : undefined;
}

/** True for `ResourceNotFoundException`, which the providers treat as "already gone". */
export function isNotFound(error: unknown): boolean {
  return awsErrorName(error) === "ResourceNotFoundException";
}

/** Replaces every occurrence of each non-empty secret in `text` with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret) result = result.split(secret).join("[redacted]");
  }
  return result;
}

/**
 * `"<action> in <region> failed: <AwsName>: <AWS message> (reason <Reason>)"`, with `secrets`
 * redacted. AWS validation messages can echo the rejected value, e.g. a phone number.
 */
export function providerError(
  action: string,
  region: string,
  error: unknown,
  secrets: readonly (string | undefined)[] = [],
): Error {
  const name = awsErrorName(error) ?? "Error";
  const message = error instanceof Error ? error.message : String(error);
  const reason =
    typeof error === "object" &&
    error !== null &&
    "Reason" in error &&
    typeof error.Reason === "string"
      ? ` (reason ${error.Reason})`
      : "";
  return new Error(redact(`${action} in ${region} failed: ${name}: ${message}${reason}`, secrets));
}
