/**
 * zlib level for archive and dead-letter objects, chosen by measurement (bench/stages/archive.ts,
 * figures in docs/archive.md).
 */
export const defaultGzipLevel = 6;
