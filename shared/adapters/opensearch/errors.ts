import { SluiceError } from '../../errors';

/** OpenSearch (or Dashboards) refused part of `sluice opensearch setup`; the message says which part and why. */
export class OpenSearchSetupError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpenSearchSetupError';
  }
}
