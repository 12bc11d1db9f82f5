/** The stage being packaged or deployed, and the MSK cluster its mappings read. */
export interface DeployTarget {
  readonly stage: string;
  readonly region: string;
  /** The resolved EventSourceArn of the mappings. */
  readonly clusterArn: string | undefined;
  /** `params.default.mskClusterArn` of serverless.yml: an example, never a real cluster. */
  readonly exampleArn: string | undefined;
}

/** The problems with the MSK cluster a stage's mappings read, one sentence each (none: []). */
export function deployProblems(target: DeployTarget): string[];
