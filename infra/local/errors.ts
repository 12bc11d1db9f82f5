import { SluiceError } from '../../shared/errors';

/** A local server could not be installed or started; the message says what to do. */
export class LocalStackError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalStackError';
  }
}
