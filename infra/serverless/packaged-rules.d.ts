export declare const RULE_READERS: readonly string[];
export declare function rulesFileProblems(servicePath: string, file: string): string[];
export declare function packageRules(
  service: {
    functions?: Record<string, { package?: { patterns?: string[] }; environment?: Record<string, string> }>;
  },
  file: string,
): void;
