/** Base of every error sluice throws on purpose. `cause` is kept for the logs. */
export class SluiceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SluiceError';
  }
}

/** The input is not what it claims to be (not an MSK event, a bad rules file...). Retrying cannot help. */
export class InvalidInputError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidInputError';
  }
}

/** Configuration (environment, flags) is missing or wrong. */
export class ConfigError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A sink failed in a way that a retry of the whole batch may fix (throttling, outage, timeout). */
export class TransientSinkError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientSinkError';
  }
}

/** A bounded store would pass its bound (an item near DynamoDB's 400 KB). Retrying the same input cannot help. */
export class CapacityError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CapacityError';
  }
}
