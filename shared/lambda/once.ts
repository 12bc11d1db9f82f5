/**
 * Builds something once per container and shares it between invocations. A build that fails is not
 * kept, so the next invocation tries again instead of failing forever on a passing fault.
 *
 * @example
 * const deps = once(() => buildIndexDeps(config));
 * const ready = await deps();
 */
export function once<T>(build: () => T | Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        built = undefined;
        throw error;
      });
    return built;
  };
}
